package artifact

import (
	"encoding/json"
	"log/slog"
	"maps"

	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/store"
)

// Keys of one artifact, under its kind's prefix, laid out as every
// versioned AI kind's (ai.VersionedView): <namespace>/<name>/meta holds
// its Meta, <namespace>/<name>/v/<version> one Version. Every write
// changes the meta key (guarded on its revision), so writes to one
// artifact are serialized by the store and each lands whole.
func metaKey(prefix, ns, name string) string { return prefix + ns + "/" + name + "/meta" }
func versionKey(prefix, ns, name, v string) string {
	return prefix + ns + "/" + name + "/v/" + v
}
func artifactPrefix(prefix, ns, name string) string { return prefix + ns + "/" + name + "/" }

// ref names an artifact.
type ref struct{ ns, name string }

func (r ref) key() ai.Ref { return ai.Ref{NS: r.ns, Name: r.name} }

// view is the in-memory copy of one kind's artifacts, fed by the watch:
// the versioned view every AI kind shares, read by artifact.
type view struct {
	*ai.VersionedView[Meta, Version]
}

func newView(prefix string, log *slog.Logger) *view {
	return &view{ai.NewVersionedView(prefix, ai.Decoders[Meta, Version]{Meta: decode[Meta], Version: decodeVersion}, log)}
}

func decode[T any](_ ai.Ref, kv store.KV) (*T, error) {
	var v T
	if err := json.Unmarshal(kv.Value, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func decodeVersion(r ai.Ref, _ string, kv store.KV) (*Version, error) { return decode[Version](r, kv) }

// get answers a deep copy of an artifact's meta with its revision, or nil.
func (v *view) get(r ref) (m *Meta, rev int64) {
	v.Read(r.key(), func(e *ai.Entry[Meta, Version]) {
		if e != nil {
			m, rev = cloneMeta(e.Meta), e.MetaRev
		}
	})
	return m, rev
}

// version answers a copy of one version, or nil.
func (v *view) version(r ref, ver string) (out *Version) {
	v.Read(r.key(), func(e *ai.Entry[Meta, Version]) {
		if e == nil || e.Versions[ver] == nil {
			return
		}
		c := *e.Versions[ver]
		c.Resources = append([]Resource(nil), c.Resources...)
		out = &c
	})
	return out
}

// metas answers copies of every artifact's meta in namespace ns.
func (v *view) metas(ns string) []*Meta {
	var out []*Meta
	v.Range(ns, func(_ ai.Ref, e *ai.Entry[Meta, Version]) { out = append(out, cloneMeta(e.Meta)) })
	return out
}

func cloneMeta(m *Meta) *Meta {
	c := *m
	c.Labels = maps.Clone(m.Labels)
	if c.Labels == nil {
		c.Labels = map[string]string{}
	}
	c.BizTags = append([]string{}, m.BizTags...)
	c.Versions = append([]VersionInfo{}, m.Versions...)
	return &c
}
