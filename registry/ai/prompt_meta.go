package ai

import (
	"context"
	"maps"
	"slices"

	"github.com/causeway-dev/causeway/registry"
)

// clone answers a copy of p that a write may change.
func (p *Prompt) clone() *Prompt {
	c := *p
	c.BizTags = slices.Clone(p.BizTags)
	c.Labels = maps.Clone(p.Labels)
	if c.Labels == nil {
		c.Labels = map[string]string{}
	}
	return &c
}

// existing is the decide step of writes that need the prompt to exist.
func existing(r promptRef, decide func(d *PromptDetail, m *Prompt) (*promptChange, error)) func(*PromptDetail) (*promptChange, error) {
	return func(d *PromptDetail) (*promptChange, error) {
		if d == nil {
			return nil, errPromptNotFound(r)
		}
		return decide(d, d.clone())
	}
}

// Delete removes a prompt with all its versions (§8.7).
func (s *Prompts) Delete(ctx context.Context, ns, key string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(*PromptDetail, *Prompt) (*promptChange, error) {
		return &promptChange{}, nil
	}))
}

// MetaUpdate is a change of a prompt's metadata; nil fields keep theirs.
type MetaUpdate struct {
	Description *string
	BizTags     []string // nil keeps them; empty clears them
}

func (u MetaUpdate) validate() error {
	if u.Description != nil {
		if err := validateText("description", *u.Description, maxDescriptionLen); err != nil {
			return err
		}
	}
	return ValidateBizTags("bizTags", u.BizTags)
}

func (u MetaUpdate) apply(m *Prompt) {
	if u.Description != nil {
		m.Description = *u.Description
	}
	if u.BizTags != nil {
		m.BizTags = slices.Clone(u.BizTags)
	}
}

// UpdateMeta changes a prompt's description and biz tags (§8.9, §8.21,
// §8.22).
func (s *Prompts) UpdateMeta(ctx context.Context, ns, key string, u MetaUpdate) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if err := u.validate(); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(_ *PromptDetail, m *Prompt) (*promptChange, error) {
		u.apply(m)
		m.UpdateTime = s.nowMillis()
		return &promptChange{meta: m}, nil
	}))
}

// labelTarget refuses a label on a version that is not published:
// labels name what clients may fetch, and drafts still change.
func labelTarget(d *PromptDetail, r promptRef, label, version string) error {
	pv := d.Version(version)
	if pv == nil {
		return errVersionNotFound(r, version)
	}
	if pv.Status != StatusPublished {
		return errState("label %q: version %q is %s; only published versions carry labels", label, version, pv.Status)
	}
	return nil
}

// BindLabel points label at a published version (§8.4).
func (s *Prompts) BindLabel(ctx context.Context, ns, key, label, version string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if err := ValidateLabel(label); err != nil {
		return err
	}
	if err := ValidateVersion("version", version); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		if err := labelTarget(d, r, label, version); err != nil {
			return nil, err
		}
		m.Labels[label] = version
		m.UpdateTime = s.nowMillis()
		return &promptChange{meta: m}, nil
	}))
}

// UnbindLabel removes a label (§8.5); KindNotFound when it is not bound.
func (s *Prompts) UnbindLabel(ctx context.Context, ns, key, label string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if err := ValidateLabel(label); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(_ *PromptDetail, m *Prompt) (*promptChange, error) {
		if _, ok := m.Labels[label]; !ok {
			return nil, registry.FieldErrorf(registry.KindNotFound, "label", "prompt %q has no label %q", key, label)
		}
		delete(m.Labels, label)
		m.UpdateTime = s.nowMillis()
		return &promptChange{meta: m}, nil
	}))
}

// SetLabels replaces all of a prompt's labels (§8.20); every one must
// name a published version, or none is changed.
func (s *Prompts) SetLabels(ctx context.Context, ns, key string, labels map[string]string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if err := ValidateLabels(labels); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		for l, v := range labels {
			if err := labelTarget(d, r, l, v); err != nil {
				return nil, err
			}
		}
		m.Labels = maps.Clone(labels)
		m.UpdateTime = s.nowMillis()
		return &promptChange{meta: m}, nil
	}))
}
