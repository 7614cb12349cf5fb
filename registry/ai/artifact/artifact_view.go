package artifact

import (
	"encoding/json"
	"log/slog"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// Keys of one artifact, under its kind's prefix:
//
//	<prefix><namespace>/<name>/meta          its Meta
//	<prefix><namespace>/<name>/v/<version>   one Version
//
// Every write changes the meta key (guarded on its revision), so writes to
// one artifact are serialized by the store and each lands whole.
func metaKey(prefix, ns, name string) string { return prefix + ns + "/" + name + "/meta" }
func versionKey(prefix, ns, name, v string) string {
	return prefix + ns + "/" + name + "/v/" + v
}
func artifactPrefix(prefix, ns, name string) string { return prefix + ns + "/" + name + "/" }

// entry is the view of one artifact.
type entry struct {
	meta     *Meta
	metaRev  int64
	versions map[string]*Version
}

// ref names an artifact.
type ref struct{ ns, name string }

// view is the in-memory copy of one kind's artifacts, fed by the watch.
type view struct {
	prefix string
	log    *slog.Logger

	mu  sync.RWMutex
	all map[ref]*entry

	applied store.Watermark
}

func newView(prefix string, log *slog.Logger) *view {
	return &view{prefix: prefix, log: log, all: map[ref]*entry{}}
}

// parseKey splits a key into its artifact and what it holds: "meta" or a
// version.
func (v *view) parseKey(key string) (r ref, version string, isMeta, ok bool) {
	parts := strings.SplitN(strings.TrimPrefix(key, v.prefix), "/", 4)
	switch {
	case len(parts) == 3 && parts[2] == "meta":
		return ref{parts[0], parts[1]}, "", true, true
	case len(parts) == 4 && parts[2] == "v":
		return ref{parts[0], parts[1]}, parts[3], false, true
	}
	return ref{}, "", false, false
}

// Load replaces the view with a listing.
func (v *view) Load(kvs []store.KV, rev int64) {
	v.mu.Lock()
	v.all = map[ref]*entry{}
	for _, kv := range kvs {
		v.put(kv)
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
}

// Apply folds in one transaction's events.
func (v *view) Apply(events []store.Event) {
	var rev int64
	v.mu.Lock()
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		if ev.Type == store.EventPut {
			v.put(ev.KV)
			continue
		}
		r, ver, isMeta, ok := v.parseKey(ev.KV.Key)
		e := v.all[r]
		if !ok || e == nil {
			continue
		}
		if isMeta {
			e.meta, e.metaRev = nil, 0
		} else {
			delete(e.versions, ver)
		}
		if e.meta == nil && len(e.versions) == 0 {
			delete(v.all, r)
		}
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
}

// put stores one key; v.mu is held.
func (v *view) put(kv store.KV) {
	r, ver, isMeta, ok := v.parseKey(kv.Key)
	if !ok {
		v.log.Warn("ignoring an unknown key", "key", kv.Key)
		return
	}
	e := v.all[r]
	if e == nil {
		e = &entry{versions: map[string]*Version{}}
		v.all[r] = e
	}
	if isMeta {
		var m Meta
		if err := json.Unmarshal(kv.Value, &m); err != nil {
			v.log.Error("ignoring a corrupt artifact", "key", kv.Key, "err", err)
			return
		}
		e.meta, e.metaRev = &m, kv.ModRevision
		return
	}
	var ver2 Version
	if err := json.Unmarshal(kv.Value, &ver2); err != nil {
		v.log.Error("ignoring a corrupt version", "key", kv.Key, "err", err)
		return
	}
	e.versions[ver] = &ver2
}

// get answers a deep copy of an artifact's meta with its revision, or nil.
func (v *view) get(r ref) (*Meta, int64) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.all[r]
	if e == nil || e.meta == nil {
		return nil, 0
	}
	return cloneMeta(e.meta), e.metaRev
}

// version answers a copy of one version, or nil.
func (v *view) version(r ref, ver string) *Version {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.all[r]
	if e == nil || e.meta == nil || e.versions[ver] == nil {
		return nil
	}
	c := *e.versions[ver]
	c.Resources = append([]Resource(nil), c.Resources...)
	return &c
}

// metas answers copies of every artifact's meta in namespace ns.
func (v *view) metas(ns string) []*Meta {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []*Meta
	for r, e := range v.all {
		if r.ns == ns && e.meta != nil {
			out = append(out, cloneMeta(e.meta))
		}
	}
	return out
}

func cloneMeta(m *Meta) *Meta {
	c := *m
	c.Labels = make(map[string]string, len(m.Labels))
	for k, val := range m.Labels {
		c.Labels[k] = val
	}
	c.BizTags = append([]string{}, m.BizTags...)
	c.Versions = append([]VersionInfo{}, m.Versions...)
	return &c
}
