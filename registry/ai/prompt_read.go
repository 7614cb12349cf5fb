package ai

import (
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// Search modes of a prompt list (§8.1).
const (
	SearchAccurate = "accurate"
	SearchBlur     = "blur"
)

// PromptQuery filters a prompt list: Key is matched exactly (accurate)
// or as a substring with '*' wildcards dropped (blur, the default); a
// prompt must carry every one of BizTags.
type PromptQuery struct {
	Key     string
	Search  string
	BizTags []string
}

// Validate refuses an unknown search mode.
func (q PromptQuery) Validate() error {
	switch q.Search {
	case "", SearchAccurate, SearchBlur:
		return nil
	}
	return registry.FieldErrorf(registry.KindInvalid, "search", "search must be %q or %q, not %q",
		SearchAccurate, SearchBlur, q.Search)
}

func (q PromptQuery) matches(d *PromptDetail) bool {
	switch {
	case q.Key == "":
	case q.Search == SearchAccurate:
		if d.Key != q.Key {
			return false
		}
	default:
		if !strings.Contains(d.Key, strings.ReplaceAll(q.Key, "*", "")) {
			return false
		}
	}
	for _, t := range q.BizTags {
		if !slices.Contains(d.BizTags, t) {
			return false
		}
	}
	return true
}

// List answers the prompts of ns that q matches, by key.
func (s *Prompts) List(ns string, q PromptQuery) ([]*PromptDetail, error) {
	ns, err := Namespace(ns)
	if err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return s.view.list(ns, q.matches), nil
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
