package artifact

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"github.com/causeway-dev/causeway/registry/ai"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// checkRef validates a namespace and name, answering the namespace.
func checkRef(ns, field, name string) (string, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return "", err
	}
	return ns, validName(field, name)
}

// newVersion builds version v of card with status st.
func (r *Registry) newVersion(ns string, c *Card, v, st, commitMsg string) *Version {
	now := r.now()
	res := append([]Resource{}, c.Resources...)
	return &Version{NamespaceID: ns, Name: c.Name, Version: v, Description: c.Description, Content: c.Content,
		Resources: res, Status: st, Online: st == StatusPublished, CommitMsg: commitMsg, CreateTime: now, UpdateTime: now}
}

// newMeta builds the meta of a new artifact.
func (r *Registry) newMeta(ns string, c *Card) *Meta {
	now := r.now()
	return &Meta{NamespaceID: ns, Name: c.Name, Description: c.Description, Owner: c.Owner, Scope: ScopePrivate,
		Online: true, Labels: map[string]string{}, BizTags: []string{}, CreateTime: now, UpdateTime: now}
}

// addVersion lists v in m.
func (r *Registry) addVersion(m *Meta, v *Version) error {
	if len(m.Versions) >= MaxVersions {
		return invalid("version", "a %s keeps at most %d versions", r.kind.Name, MaxVersions)
	}
	m.Versions = append(m.Versions, VersionInfo{Version: v.Version, Status: v.Status, Online: v.Online,
		CommitMsg: v.CommitMsg, CreateTime: v.CreateTime, UpdateTime: v.UpdateTime})
	m.UpdateTime = v.UpdateTime
	if v.Description != "" {
		m.Description = v.Description
	}
	return nil
}

// checkCard validates a card of artifact name (the card may leave the
// name out).
func checkCard(field string, c *Card, name string) error {
	if c == nil {
		return registry.FieldErrorf(registry.KindMissing, field, "%s is required", field)
	}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		c.Name = name
	}
	if name != "" && c.Name != name {
		return invalid(field, "the card names %q, not %q", c.Name, name)
	}
	if err := validName("name", c.Name); err != nil {
		return err
	}
	return validCard(c)
}

// Register creates an artifact whose first version, the card's (1.0.0
// when it names none), is published at once and labelled latest.
func (r *Registry) Register(ctx context.Context, ns string, c *Card) (string, error) {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return "", err
	}
	if err := checkCard("card", c, ""); err != nil {
		return "", err
	}
	err = r.mutate(ctx, ns, c.Name, func(cur *Meta) (*change, error) {
		if cur != nil {
			return nil, r.kind.conflict("%q already exists", c.Name)
		}
		return r.publishNew(ns, r.newMeta(ns, c), c, c.Version, "")
	})
	return c.Name, err
}

// Update publishes the card as a new version of an existing artifact (the
// next one when it names none) and labels it latest: published versions
// never change, so an update is a new version.
func (r *Registry) Update(ctx context.Context, ns string, c *Card) error {
	ns, err := ai.Namespace(ns)
	if err != nil {
		return err
	}
	if err := checkCard("card", c, ""); err != nil {
		return err
	}
	return r.mutate(ctx, ns, c.Name, func(cur *Meta) (*change, error) {
		if cur == nil {
			return nil, r.kind.notFound(ns, c.Name)
		}
		return r.publishNew(ns, cur, c, c.Version, "")
	})
}

// publishNew adds card as published version v (next when empty) of m,
// labelled latest.
func (r *Registry) publishNew(ns string, m *Meta, c *Card, v, commitMsg string) (*change, error) {
	if v == "" {
		v = nextVersion(m)
	}
	if m.version(v) != nil {
		return nil, r.kind.conflict("%q already has version %s", c.Name, v)
	}
	ver := r.newVersion(ns, c, v, StatusPublished, commitMsg)
	if err := r.addVersion(m, ver); err != nil {
		return nil, err
	}
	m.Labels[ai.LatestLabel] = v
	return &change{meta: m, put: []*Version{ver}}, nil
}

// Delete removes an artifact and every version of it.
func (r *Registry) Delete(ctx context.Context, ns, name string) error {
	return r.mutateExisting(ctx, ns, name, func(string, *Meta) (*change, error) { return &change{}, nil })
}

// newPipelineID names a submission.
func newPipelineID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
