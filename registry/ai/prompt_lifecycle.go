package ai

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
)

// DraftInput is a new draft (§8.12). BasedOn, when given, is the version
// it forks: an empty Template or Variables takes that version's. An
// empty Version is the next one after the newest version. Description
// and BizTags, when given, change the prompt's metadata (they are how a
// first draft creates the prompt).
type DraftInput struct {
	Namespace, Key string
	BasedOn        string
	Version        string
	Template       string
	Variables      string
	CommitMsg      string
	Meta           MetaUpdate
}

func (in DraftInput) validate() error {
	if in.BasedOn != "" {
		if err := ValidateVersion("basedOnVersion", in.BasedOn); err != nil {
			return err
		}
	}
	// A fork may leave the template to its base; a new draft may not.
	if in.BasedOn == "" || in.Template != "" {
		if err := ValidateTemplate(in.Template); err != nil {
			return err
		}
	}
	if in.Version != "" {
		if err := ValidateVersion("targetVersion", in.Version); err != nil {
			return err
		}
	}
	if err := validateContent(in.Variables, in.CommitMsg); err != nil {
		return err
	}
	return in.Meta.validate()
}

func validateContent(variables, commitMsg string) error {
	if err := ValidateVariables(variables); err != nil {
		return err
	}
	return validateText("commitMsg", commitMsg, maxCommitMsgLen)
}

// CreateDraft creates a prompt's draft version, and the prompt when it is
// new, and answers the draft's version. A prompt has one unpublished
// version at a time: KindConflict while another is draft or reviewing.
func (s *Prompts) CreateDraft(ctx context.Context, in DraftInput) (string, error) {
	r, err := ref(in.Namespace, in.Key)
	if err != nil {
		return "", err
	}
	if err := in.validate(); err != nil {
		return "", err
	}
	var version string
	err = s.change(ctx, r, func(d *PromptDetail) (*promptChange, error) {
		m := s.metaFor(d, in.Meta)
		v, err := s.newDraft(d, r, in)
		if err != nil {
			return nil, err
		}
		version = v.Version
		return &promptChange{meta: m, puts: []*PromptVersion{v}}, nil
	})
	return version, err
}

// metaFor answers the metadata a write that may create the prompt
// leaves: d's (or a new prompt's) with u applied.
func (s *Prompts) metaFor(d *PromptDetail, u MetaUpdate) *Prompt {
	now := s.nowMillis()
	m := &Prompt{BizTags: []string{}, Labels: map[string]string{}, CreateTime: now}
	if d != nil {
		m = d.clone()
	}
	u.apply(m)
	m.UpdateTime = now
	return m
}

// newDraft builds the draft in asks for from the prompt d (nil: new).
func (s *Prompts) newDraft(d *PromptDetail, r promptRef, in DraftInput) (*PromptVersion, error) {
	v := &PromptVersion{Version: in.Version, Template: in.Template, Variables: in.Variables,
		CommitMsg: in.CommitMsg, BasedOn: in.BasedOn, Status: StatusDraft}
	v.CreateTime = s.nowMillis()
	v.UpdateTime = v.CreateTime
	if d == nil {
		if in.BasedOn != "" {
			return nil, errPromptNotFound(r)
		}
		if v.Version == "" {
			v.Version = NextVersion("")
		}
		return v, nil
	}
	if u := d.Unpublished(); u != nil {
		return nil, registry.FieldErrorf(registry.KindConflict, "version",
			"prompt %q already has version %q in %s; publish, redraft or delete it first", r.key, u.Version, u.Status)
	}
	if in.BasedOn != "" {
		base := d.Version(in.BasedOn)
		if base == nil {
			return nil, errVersionNotFound(r, in.BasedOn)
		}
		if v.Template == "" {
			v.Template = base.Template
		}
		if v.Variables == "" {
			v.Variables = base.Variables
		}
	}
	if v.Version == "" {
		v.Version = NextVersion(newest(d))
	}
	if d.Version(v.Version) != nil {
		return nil, registry.FieldErrorf(registry.KindConflict, "targetVersion",
			"prompt %q already has version %q", r.key, v.Version)
	}
	return v, nil
}

// newest answers the highest version of d, "" when it has none.
func newest(d *PromptDetail) string {
	if len(d.Versions) == 0 {
		return ""
	}
	return d.Versions[0].Version // newest first
}

// draftOf answers the prompt's draft, refusing when it has none or its
// unpublished version is under review.
func draftOf(d *PromptDetail, r promptRef) (*PromptVersion, error) {
	u := d.Unpublished()
	if u == nil {
		return nil, registry.FieldErrorf(registry.KindNotFound, "version", "prompt %q has no draft", r.key)
	}
	if u.Status != StatusDraft {
		return nil, errState("prompt %q: version %q is %s; redraft it to edit it", r.key, u.Version, u.Status)
	}
	return u, nil
}

// UpdateDraft replaces the current draft's template and, when given, its
// variables and commit message (§8.13).
func (s *Prompts) UpdateDraft(ctx context.Context, ns, key, template string, variables, commitMsg *string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	if err := ValidateTemplate(template); err != nil {
		return err
	}
	if err := validateContent(deref(variables), deref(commitMsg)); err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		cur, err := draftOf(d, r)
		if err != nil {
			return nil, err
		}
		v := *cur
		v.Template = template
		if variables != nil {
			v.Variables = *variables
		}
		if commitMsg != nil {
			v.CommitMsg = *commitMsg
		}
		v.UpdateTime = s.nowMillis()
		m.UpdateTime = v.UpdateTime
		return &promptChange{meta: m, puts: []*PromptVersion{&v}}, nil
	}))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// DeleteDraft deletes the current draft (§8.14); a prompt left with no
// version at all is deleted with it, as it never had any content.
func (s *Prompts) DeleteDraft(ctx context.Context, ns, key string) error {
	r, err := ref(ns, key)
	if err != nil {
		return err
	}
	return s.change(ctx, r, existing(r, func(d *PromptDetail, m *Prompt) (*promptChange, error) {
		cur, err := draftOf(d, r)
		if err != nil {
			return nil, err
		}
		if len(d.Versions) == 1 {
			return &promptChange{}, nil
		}
		m.UpdateTime = s.nowMillis()
		return &promptChange{meta: m, dels: []string{cur.Version}}, nil
	}))
}
