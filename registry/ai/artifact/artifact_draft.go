package artifact

import (
	"context"
	"github.com/causeway-dev/causeway/registry/ai"
)

// DraftInput is a draft to create: a new artifact from Card, or a new
// version of Name based on BasedOn (its content unless Card brings one).
type DraftInput struct {
	Name, BasedOn, Target, CommitMsg string
	Card                             *Card
}

// CreateDraft creates the one editable draft of an artifact (creating the
// artifact when it does not exist) and answers its version: Target, else
// the card's version, else the next one.
func (r *Registry) CreateDraft(ctx context.Context, ns string, in DraftInput) (string, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return "", err
	}
	nameField := r.kind.Name + "Name"
	if in.Card != nil {
		if err := checkCard(r.kind.Name+"Card", in.Card, in.Name); err != nil {
			return "", err
		}
		in.Name = in.Card.Name
	}
	if err := validName(nameField, in.Name); err != nil {
		return "", err
	}
	for _, v := range []struct{ field, v string }{{"basedOnVersion", in.BasedOn}, {"targetVersion", in.Target}} {
		if v.v != "" {
			if err := ai.ValidateVersion(v.field, v.v); err != nil {
				return "", err
			}
		}
	}
	var made string
	err = r.mutate(ctx, ns, in.Name, func(cur *Meta) (*change, error) {
		ch, v, err := r.draftChange(ns, cur, in)
		made = v
		return ch, err
	})
	return made, err
}

func (r *Registry) draftChange(ns string, cur *Meta, in DraftInput) (*change, string, error) {
	card := in.Card
	if cur == nil {
		if in.BasedOn != "" || card == nil {
			return nil, "", r.kind.notFound(ns, in.Name)
		}
		cur = r.newMeta(ns, card)
	}
	if d := cur.draft(); d != "" {
		return nil, "", r.kind.conflict("%q already has draft %s", in.Name, d)
	}
	if card == nil {
		base := in.BasedOn
		if base == "" {
			base = cur.Labels[ai.LatestLabel]
		}
		bv := r.view.version(ref{ns, in.Name}, base)
		if base == "" || bv == nil {
			return nil, "", r.kind.versionNotFound(in.Name, base)
		}
		card = &Card{Name: in.Name, Description: bv.Description, Content: bv.Content, Resources: bv.Resources}
	} else if in.BasedOn != "" && cur.version(in.BasedOn) == nil {
		return nil, "", r.kind.versionNotFound(in.Name, in.BasedOn)
	}
	v := in.Target
	if v == "" {
		v = card.Version
	}
	if v == "" {
		v = nextVersion(cur)
	}
	if cur.version(v) != nil {
		return nil, "", r.kind.conflict("%q already has version %s", in.Name, v)
	}
	ver := r.newVersion(ns, card, v, StatusDraft, in.CommitMsg)
	if err := r.addVersion(cur, ver); err != nil {
		return nil, "", err
	}
	return &change{meta: cur, put: []*Version{ver}}, v, nil
}

// UpdateDraft replaces the content of the card's artifact's draft;
// setAsLatest (when given) is what its publication does to the latest
// label unless the publish says otherwise.
func (r *Registry) UpdateDraft(ctx context.Context, ns string, c *Card, setAsLatest *bool, commitMsg string) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	if err := checkCard(r.kind.Name+"Card", c, ""); err != nil {
		return err
	}
	return r.mutate(ctx, ns, c.Name, func(cur *Meta) (*change, error) {
		if cur == nil {
			return nil, r.kind.notFound(ns, c.Name)
		}
		d := cur.draft()
		if d == "" {
			return nil, r.kind.conflict("%q has no draft to update", c.Name)
		}
		if c.Version != "" && c.Version != d {
			return nil, invalid("version", "the draft of %q is version %s, not %s", c.Name, d, c.Version)
		}
		old := r.view.version(ref{ns, c.Name}, d)
		if old == nil {
			return nil, r.kind.versionNotFound(c.Name, d)
		}
		ver := r.newVersion(ns, c, d, StatusDraft, commitMsg)
		ver.CreateTime, ver.SetAsLatest = old.CreateTime, setAsLatest
		if commitMsg == "" {
			ver.CommitMsg = old.CommitMsg
		}
		r.setInfo(cur, ver)
		if c.Description != "" {
			cur.Description = c.Description
		}
		return &change{meta: cur, put: []*Version{ver}}, nil
	})
}

// setInfo refreshes version ver's line in m.
func (r *Registry) setInfo(m *Meta, ver *Version) {
	if vi := m.version(ver.Version); vi != nil {
		vi.Status, vi.Online, vi.CommitMsg, vi.UpdateTime = ver.Status, ver.Online, ver.CommitMsg, ver.UpdateTime
	}
	m.UpdateTime = ver.UpdateTime
}

// DeleteDraft removes an artifact's draft; an artifact left without any
// version goes with it.
func (r *Registry) DeleteDraft(ctx context.Context, ns, name string) error {
	return r.mutateExisting(ctx, ns, name, func(_ string, cur *Meta) (*change, error) {
		d := cur.draft()
		if d == "" {
			return nil, r.kind.conflict("%q has no draft", name)
		}
		if len(cur.Versions) == 1 {
			return &change{}, nil
		}
		for i, v := range cur.Versions {
			if v.Version == d {
				cur.Versions = append(cur.Versions[:i], cur.Versions[i+1:]...)
				break
			}
		}
		cur.UpdateTime = r.now()
		return &change{meta: cur, deleted: []string{d}}, nil
	})
}
