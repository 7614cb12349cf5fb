package ai

import (
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// promptEntry is the view of one prompt; meta is nil until its metadata
// key is seen (a prompt's keys are written together, so only for the
// instant inside one batch).
type promptEntry struct {
	meta     *Prompt
	versions map[string]*PromptVersion
}

// promptView is the in-memory copy of every prompt, fed by the store's
// watch. Its values are never changed in place: a change replaces them,
// so readers may keep what they got.
type promptView struct {
	log *slog.Logger

	mu      sync.RWMutex
	prompts map[promptRef]*promptEntry

	applied store.Watermark
}

func newPromptView(log *slog.Logger) *promptView {
	return &promptView{log: log, prompts: map[promptRef]*promptEntry{}}
}

// detail answers one prompt with its versions newest first, nil if none.
func (v *promptView) detail(r promptRef) *PromptDetail {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.detailLocked(r)
}

func (v *promptView) detailLocked(r promptRef) *PromptDetail {
	e := v.prompts[r]
	if e == nil || e.meta == nil {
		return nil
	}
	d := &PromptDetail{Prompt: e.meta, Versions: make([]*PromptVersion, 0, len(e.versions))}
	for _, pv := range e.versions {
		d.Versions = append(d.Versions, pv)
	}
	slices.SortFunc(d.Versions, func(a, b *PromptVersion) int { return CompareVersions(b.Version, a.Version) })
	return d
}

// lookup answers a prompt's metadata and its version v (nil when it
// has no such version) without gathering the others: the read agents
// make for every prompt fetch.
func (v *promptView) lookup(r promptRef, version string) (*Prompt, *PromptVersion) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.prompts[r]
	if e == nil || e.meta == nil {
		return nil, nil
	}
	return e.meta, e.versions[version]
}

// metaRevision answers the ModRevision of a prompt's metadata, 0 if none.
func (v *promptView) metaRevision(r promptRef) int64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if e := v.prompts[r]; e != nil && e.meta != nil {
		return e.meta.Revision
	}
	return 0
}

// list answers every prompt of ns that keep accepts, by key.
func (v *promptView) list(ns string, keep func(*PromptDetail) bool) []*PromptDetail {
	v.mu.RLock()
	var out []*PromptDetail
	for r := range v.prompts {
		if r.ns != ns {
			continue
		}
		if d := v.detailLocked(r); d != nil && keep(d) {
			out = append(out, d)
		}
	}
	v.mu.RUnlock()
	slices.SortFunc(out, func(a, b *PromptDetail) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Load replaces the view with a listing.
func (v *promptView) Load(kvs []store.KV, rev int64) {
	next := map[promptRef]*promptEntry{}
	for _, kv := range kvs {
		v.put(next, kv)
	}
	v.mu.Lock()
	v.prompts = next
	v.mu.Unlock()
	v.applied.Advance(rev)
}

// Apply folds in one transaction's events.
func (v *promptView) Apply(events []store.Event) {
	var rev int64
	v.mu.Lock()
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		if ev.Type == store.EventPut {
			v.put(v.prompts, ev.KV)
			continue
		}
		r, version, isMeta, ok := parsePromptKey(ev.KV.Key)
		e := v.prompts[r]
		if !ok || e == nil {
			continue
		}
		if isMeta {
			e.meta = nil
		} else {
			delete(e.versions, version)
		}
		if e.meta == nil && len(e.versions) == 0 {
			delete(v.prompts, r)
		}
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
}

// put decodes one stored key into m; an unreadable one is logged and
// skipped, so one bad value cannot stop the view.
func (v *promptView) put(m map[promptRef]*promptEntry, kv store.KV) {
	r, version, isMeta, ok := parsePromptKey(kv.Key)
	if !ok {
		return
	}
	e := m[r]
	if e == nil {
		e = &promptEntry{versions: map[string]*PromptVersion{}}
		m[r] = e
	}
	if isMeta {
		var p Prompt
		if err := json.Unmarshal(kv.Value, &p); err != nil || p.Namespace != r.ns || p.Key != r.key {
			v.log.Error("skipping unreadable prompt", "key", kv.Key, "err", err)
			return
		}
		p.Revision = kv.ModRevision
		e.meta = &p
		return
	}
	var pv PromptVersion
	if err := json.Unmarshal(kv.Value, &pv); err != nil || pv.Version != version || pv.Key != r.key {
		v.log.Error("skipping unreadable prompt version", "key", kv.Key, "err", err)
		return
	}
	pv.Revision = kv.ModRevision
	e.versions[version] = &pv
}
