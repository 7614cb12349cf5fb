package ai

import (
	"log/slog"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// Keys of a versioned resource (a prompt, a skill, an agent spec), under
// its kind's prefix:
//
//	<prefix><namespace>/<name>/meta          its metadata
//	<prefix><namespace>/<name>/v/<version>   one version
//
// Namespaces, names and versions have no '/', so a resource's keys are
// exactly those under its directory, which a delete removes at once.

// Ref names one versioned resource of a kind.
type Ref struct{ NS, Name string }

// ParseVersionedKey splits a key under prefix into the resource it
// belongs to and, for a version key, the version; ok is false for any
// other key.
func ParseVersionedKey(prefix, k string) (r Ref, version string, isMeta, ok bool) {
	rest, found := strings.CutPrefix(k, prefix)
	parts := strings.Split(rest, "/")
	if !found || len(parts) < 3 {
		return Ref{}, "", false, false
	}
	r = Ref{NS: parts[0], Name: parts[1]}
	switch {
	case len(parts) == 3 && parts[2] == "meta":
		return r, "", true, true
	case len(parts) == 4 && parts[2] == "v" && parts[3] != "":
		return r, parts[3], false, true
	}
	return Ref{}, "", false, false
}

// Entry is the view of one resource: its metadata (nil until its key is
// seen; a resource's keys are written together, so only for the instant
// inside one batch) with that key's revision, and its versions.
type Entry[M, V any] struct {
	Meta     *M
	MetaRev  int64
	Versions map[string]*V
}

// Decoders turn a stored value into a kind's metadata or version; an
// error (a corrupt value, or one that does not match its key) skips the
// key, logged, so that one bad value cannot stop the view.
type Decoders[M, V any] struct {
	Meta    func(r Ref, kv store.KV) (*M, error)
	Version func(r Ref, version string, kv store.KV) (*V, error)
}

// VersionedView is the in-memory copy of one kind's versioned resources,
// fed by the store's watch (a store.Mirror). Its values are never changed
// in place: a change replaces them, so readers may keep what they got.
// Applied is the revision the view has applied, for read-your-writes.
type VersionedView[M, V any] struct {
	prefix string
	dec    Decoders[M, V]
	log    *slog.Logger

	mu  sync.RWMutex
	all map[Ref]*Entry[M, V]

	Applied store.Watermark
}

// NewVersionedView answers an empty view of the keys under prefix.
func NewVersionedView[M, V any](prefix string, dec Decoders[M, V], log *slog.Logger) *VersionedView[M, V] {
	return &VersionedView[M, V]{prefix: prefix, dec: dec, log: log, all: map[Ref]*Entry[M, V]{}}
}

// Load replaces the view with a listing.
func (v *VersionedView[M, V]) Load(kvs []store.KV, rev int64) {
	next := map[Ref]*Entry[M, V]{}
	for _, kv := range kvs {
		v.put(next, kv)
	}
	v.mu.Lock()
	v.all = next
	v.mu.Unlock()
	v.Applied.Advance(rev)
}

// Apply folds in one transaction's events.
func (v *VersionedView[M, V]) Apply(events []store.Event) {
	var rev int64
	v.mu.Lock()
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		if ev.Type == store.EventPut {
			v.put(v.all, ev.KV)
			continue
		}
		r, version, isMeta, ok := ParseVersionedKey(v.prefix, ev.KV.Key)
		e := v.all[r]
		if !ok || e == nil {
			continue
		}
		if isMeta {
			e.Meta, e.MetaRev = nil, 0
		} else {
			delete(e.Versions, version)
		}
		if e.Meta == nil && len(e.Versions) == 0 {
			delete(v.all, r)
		}
	}
	v.mu.Unlock()
	v.Applied.Advance(rev)
}

// put decodes one stored key into all.
func (v *VersionedView[M, V]) put(all map[Ref]*Entry[M, V], kv store.KV) {
	r, version, isMeta, ok := ParseVersionedKey(v.prefix, kv.Key)
	if !ok {
		v.log.Warn("ignoring an unknown key", "key", kv.Key)
		return
	}
	e := all[r]
	if e == nil {
		e = &Entry[M, V]{Versions: map[string]*V{}}
		all[r] = e
	}
	if isMeta {
		m, err := v.dec.Meta(r, kv)
		if err != nil {
			v.log.Error("skipping unreadable metadata", "key", kv.Key, "err", err)
			return
		}
		e.Meta, e.MetaRev = m, kv.ModRevision
		return
	}
	ver, err := v.dec.Version(r, version, kv)
	if err != nil {
		v.log.Error("skipping an unreadable version", "key", kv.Key, "err", err)
		return
	}
	e.Versions[version] = ver
}

// Read runs fn on the entry of r (nil when there is none or its metadata
// is not seen yet) under the view's read lock: fn must not keep the
// entry's map, only the values in it.
func (v *VersionedView[M, V]) Read(r Ref, fn func(e *Entry[M, V])) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.all[r]
	if e != nil && e.Meta == nil {
		e = nil
	}
	fn(e)
}

// Range runs fn on every entry of namespace ns with its metadata seen,
// under the view's read lock, as Read.
func (v *VersionedView[M, V]) Range(ns string, fn func(r Ref, e *Entry[M, V])) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	for r, e := range v.all {
		if r.NS == ns && e.Meta != nil {
			fn(r, e)
		}
	}
}
