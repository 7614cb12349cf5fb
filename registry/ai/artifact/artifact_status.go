package artifact

import (
	"context"
	"github.com/causeway-dev/causeway/registry/ai"
	"slices"
	"strings"
)

// transition moves version v of an artifact (its draft when v is empty)
// from one of the statuses from to status to, with edit applying anything
// else to the new version and the meta.
func (r *Registry) transition(ctx context.Context, ns, name, v string, from []string, to string,
	edit func(m *Meta, ver *Version) error) error {
	if v != "" {
		if err := ai.ValidateVersion("version", v); err != nil {
			return err
		}
	}
	return r.mutateExisting(ctx, ns, name, func(ns string, cur *Meta) (*change, error) {
		target := v
		if target == "" {
			if target = cur.draft(); target == "" {
				return nil, r.kind.conflict("%q has no draft", name)
			}
		}
		old := r.view.version(ref{ns, name}, target)
		if cur.version(target) == nil || old == nil {
			return nil, r.kind.versionNotFound(name, target)
		}
		if !slices.Contains(from, old.Status) {
			return nil, r.kind.conflict("version %s of %q is %s, not %s", target, name, old.Status, strings.Join(from, " or "))
		}
		ver := *old
		ver.Status, ver.UpdateTime = to, r.now()
		if err := edit(cur, &ver); err != nil {
			return nil, err
		}
		r.setInfo(cur, &ver)
		return &change{meta: cur, put: []*Version{&ver}}, nil
	})
}

// Submit sends a draft (the current one when version is empty) to review
// and answers its pipeline id. Causeway has no review pipeline: the
// submitted version is reviewed at once, ready to publish.
func (r *Registry) Submit(ctx context.Context, ns, name, version string) (string, error) {
	id := newPipelineID()
	err := r.transition(ctx, ns, name, version, []string{StatusDraft}, StatusReviewed, func(_ *Meta, ver *Version) error {
		ver.PipelineID = id
		return nil
	})
	return id, err
}

// Publish publishes a reviewed version; ForcePublish a draft or reviewed
// one. Once published a version never changes. updateLatest (nil: what
// the draft's setAsLatest said, else yes) labels it latest.
func (r *Registry) Publish(ctx context.Context, ns, name, version string, updateLatest *bool, force bool) error {
	if strings.TrimSpace(version) == "" {
		return invalid("version", "version is required")
	}
	from := []string{StatusReviewed}
	if force {
		from = append(from, StatusDraft)
	}
	return r.transition(ctx, ns, name, version, from, StatusPublished, func(m *Meta, ver *Version) error {
		ver.Online = true
		latest := true
		switch {
		case updateLatest != nil:
			latest = *updateLatest
		case ver.SetAsLatest != nil:
			latest = *ver.SetAsLatest
		}
		ver.SetAsLatest = nil
		if latest {
			m.Labels[ai.LatestLabel] = ver.Version
		}
		return nil
	})
}

// Redraft moves a reviewed version back to draft for more editing; a
// published one is immutable, and an artifact has one draft at a time.
func (r *Registry) Redraft(ctx context.Context, ns, name, version string) error {
	if strings.TrimSpace(version) == "" {
		return invalid("version", "version is required")
	}
	return r.transition(ctx, ns, name, version, []string{StatusReviewed}, StatusDraft, func(m *Meta, ver *Version) error {
		if d := m.draft(); d != "" {
			return r.kind.conflict("%q already has draft %s", name, d)
		}
		ver.PipelineID = ""
		return nil
	})
}

// editMeta applies fn to an existing artifact's meta.
func (r *Registry) editMeta(ctx context.Context, ns, name string, fn func(m *Meta) error) error {
	return r.mutateExisting(ctx, ns, name, func(_ string, cur *Meta) (*change, error) {
		if err := fn(cur); err != nil {
			return nil, err
		}
		cur.UpdateTime = r.now()
		return &change{meta: cur}, nil
	})
}

// UpdateLabels replaces the labels; each names a published version, and
// "latest" moves only here or when a publish says so.
func (r *Registry) UpdateLabels(ctx context.Context, ns, name string, labels map[string]string) error {
	if err := ai.ValidateLabels(labels); err != nil {
		return err
	}
	return r.editMeta(ctx, ns, name, func(m *Meta) error {
		for k, v := range labels {
			if vi := m.version(v); vi == nil || vi.Status != StatusPublished {
				return invalid("labels", "label %q names %s, which is not a published version", k, v)
			}
		}
		m.Labels = map[string]string{}
		for k, v := range labels {
			m.Labels[k] = v
		}
		return nil
	})
}

// UpdateBizTags replaces the biz tags, a list as ai.ParseBizTags reads it.
func (r *Registry) UpdateBizTags(ctx context.Context, ns, name string, tags []string) error {
	if err := ai.ValidateBizTags("bizTags", tags); err != nil {
		return err
	}
	return r.editMeta(ctx, ns, name, func(m *Meta) error { m.BizTags = tags; return nil })
}

// UpdateScope sets the visibility scope (PUBLIC or PRIVATE).
func (r *Registry) UpdateScope(ctx context.Context, ns, name, scope string) error {
	s, err := NormalizeScope(scope)
	if err != nil {
		return err
	}
	return r.editMeta(ctx, ns, name, func(m *Meta) error { m.Scope = s; return nil })
}

// ChangeOnline turns the artifact (scope equal to the kind's name) or one
// published version of it online or offline.
func (r *Registry) ChangeOnline(ctx context.Context, ns, name, scope, version string, online bool) error {
	if strings.EqualFold(strings.TrimSpace(scope), r.kind.Name) {
		return r.editMeta(ctx, ns, name, func(m *Meta) error { m.Online = online; return nil })
	}
	if strings.TrimSpace(version) == "" {
		return invalid("version", "version is required to change a version's online status")
	}
	return r.transition(ctx, ns, name, version, []string{StatusPublished}, StatusPublished, func(_ *Meta, ver *Version) error {
		ver.Online = online
		return nil
	})
}
