package ai

import (
	"slices"

	"github.com/causeway-dev/causeway/registry"
)

// PromptQuery filters a prompt list: Key is matched by Search (Matcher;
// the zero Search is accurate, the API defaults to blur as §8.1 says);
// a prompt must carry every one of BizTags.
type PromptQuery struct {
	Key     string
	Search  Search
	BizTags []string
}

// matcher answers the filter of q.
func (q PromptQuery) matcher() func(*PromptDetail) bool {
	name := Matcher(q.Search, q.Key)
	return func(d *PromptDetail) bool {
		for _, t := range q.BizTags {
			if !slices.Contains(d.BizTags, t) {
				return false
			}
		}
		return name(d.Key)
	}
}

// List answers the prompts of ns that q matches, by key.
func (s *Prompts) List(ns string, q PromptQuery) ([]*PromptDetail, error) {
	ns, err := Namespace(ns)
	if err != nil {
		return nil, err
	}
	return s.view.list(ns, q.matcher()), nil
}

// Get answers one prompt with its versions, newest first.
func (s *Prompts) Get(ns, key string) (*PromptDetail, error) {
	r, err := ref(ns, key)
	if err != nil {
		return nil, err
	}
	d := s.view.detail(r)
	if d == nil {
		return nil, errPromptNotFound(r)
	}
	return d, nil
}

// Version answers one version of a prompt with the prompt's metadata:
// the version named, else the one label points at, else the latest
// (§8.3, §8.11).
func (s *Prompts) Version(ns, key, version, label string) (*Prompt, *PromptVersion, error) {
	r, err := ref(ns, key)
	if err != nil {
		return nil, nil, err
	}
	if version != "" {
		if err := ValidateVersion("version", version); err != nil {
			return nil, nil, err
		}
	} else if label == "" {
		label = LatestLabel
	} else if err := ValidateLabel(label); err != nil {
		return nil, nil, err
	}
	m, _ := s.view.lookup(r, "")
	if m == nil {
		return nil, nil, errPromptNotFound(r)
	}
	if version == "" {
		if version = m.Labels[label]; version == "" {
			return nil, nil, registry.FieldErrorf(registry.KindNotFound, "label", "prompt %q has no label %q", key, label)
		}
	}
	m, pv := s.view.lookup(r, version)
	if m == nil {
		return nil, nil, errPromptNotFound(r)
	}
	if pv == nil {
		return nil, nil, errVersionNotFound(r, version)
	}
	return m, pv, nil
}
