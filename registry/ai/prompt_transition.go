package ai

import (
	"context"
	"slices"

	"github.com/causeway-dev/causeway/registry"
)

// transition moves one version of a prompt from one of the states from to
// state to, through fix (which may also change the metadata).
func (s *Prompts) transition(ctx context.Context, ns, key, version string, from []string, to string,
	fix func(m *Prompt, v *PromptVersion)) (string, error) {
	r, err := ref(ns, key)
	if err != nil {
		return "", err
	}
	if version != "" {
		if err := ValidateVersion("version", version); err != nil {
			return "", err
		}
	}
	var done string
	err = s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		cur, err := pick(d, r, version)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(from, cur.Status) {
			return nil, errState("prompt %q: version %q is %s, it cannot become %s", key, cur.Version, cur.Status, to)
		}
		v := *cur
		v.Status = to
		v.UpdateTime = s.nowMillis()
		m.UpdateTime = v.UpdateTime
		if fix != nil {
			fix(m, &v)
		}
		done = v.Version
		return &promptChange{meta: m, puts: []*PromptVersion{&v}}, nil
	}))
	return done, err
}

// pick answers the version named, or the unpublished one when none is.
func pick(d *PromptDetail, r promptRef, version string) (*PromptVersion, error) {
	if version == "" {
		if u := d.Unpublished(); u != nil {
			return u, nil
		}
		return nil, registry.FieldErrorf(registry.KindNotFound, "version", "prompt %q has no draft", r.key)
	}
	v := d.Version(version)
	if v == nil {
		return nil, errVersionNotFound(r, version)
	}
	return v, nil
}

// Submit sends a draft for review and answers its version (§8.15); an
// empty version is the current draft.
func (s *Prompts) Submit(ctx context.Context, ns, key, version string) (string, error) {
	return s.transition(ctx, ns, key, version, []string{StatusDraft}, StatusReviewing,
		func(_ *Prompt, v *PromptVersion) { v.SubmitTime = v.UpdateTime })
}

// Redraft moves a version under review back to draft (§8.18).
func (s *Prompts) Redraft(ctx context.Context, ns, key, version string) error {
	if version == "" {
		return registry.FieldErrorf(registry.KindMissing, "version", "Required parameter 'version' is not present")
	}
	_, err := s.transition(ctx, ns, key, version, []string{StatusReviewing}, StatusDraft, nil)
	return err
}

// Publish publishes a reviewed version (§8.16), or with force a draft or
// reviewed one (§8.17). It is online at once. updateLatest moves the
// latest label to it; a prompt without a latest label gets it anyway,
// so that a prompt with a published version always has a latest one
// unless a label call removes it.
func (s *Prompts) Publish(ctx context.Context, ns, key, version string, updateLatest, force bool) error {
	if version == "" {
		return registry.FieldErrorf(registry.KindMissing, "version", "Required parameter 'version' is not present")
	}
	from := []string{StatusReviewing}
	if force {
		from = append(from, StatusDraft)
	}
	_, err := s.transition(ctx, ns, key, version, from, StatusPublished, func(m *Prompt, v *PromptVersion) {
		v.Online, v.PublishTime = true, v.UpdateTime
		if _, ok := m.Labels[LatestLabel]; updateLatest || !ok {
			m.Labels[LatestLabel] = v.Version
		}
	})
	return err
}

// SetOnline brings a published version online or takes it offline
// (§8.19); only the flag changes, the version stays immutable.
func (s *Prompts) SetOnline(ctx context.Context, ns, key, version string, online bool) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if version == "" {
		return registry.FieldErrorf(registry.KindMissing, "version", "Required parameter 'version' is not present")
	}
	if err := ValidateVersion("version", version); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		cur := d.Version(version)
		if cur == nil {
			return nil, errVersionNotFound(r, version)
		}
		if cur.Status != StatusPublished {
			return nil, errState("prompt %q: version %q is %s; only published versions go online or offline", key, version, cur.Status)
		}
		v := *cur
		v.Online = online
		v.UpdateTime = s.nowMillis()
		m.UpdateTime = v.UpdateTime
		return &promptChange{meta: m, puts: []*PromptVersion{&v}}, nil
	}))
}
