package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// Index is what a versioned resource (an MCP server, an agent card) keeps
// beside its versions: its id, which version is the latest — recorded,
// never inferred — and its versions in publication order.
type Index struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Latest   string        `json:"latest"`
	Versions []VersionInfo `json:"versions"`
	// Revision is the store revision of the index's last change.
	Revision int64 `json:"-"`
}

// VersionInfo is one published version: its name and when it was
// published and last marked latest (UTC, RFC 3339 to the second).
type VersionInfo struct {
	Version   string `json:"version"`
	Published string `json:"published"`
	Updated   string `json:"updated"`
}

// Has answers whether version is one of the index's.
func (x *Index) Has(version string) bool { return x.find(version) >= 0 }

func (x *Index) find(version string) int {
	return slices.IndexFunc(x.Versions, func(v VersionInfo) bool { return v.Version == version })
}

// versioned keeps resources of one kind, each an index and its immutable
// versions, under prefix:
//
//	<prefix><namespace>/i/<name>            the index
//	<prefix><namespace>/v/<name>/<version>  one version, a T in JSON
//
// Every change is one store transaction guarded by the index's revision,
// so an index never names a version that is not there.
type versioned[T any] struct {
	st     store.Store
	prefix string
	log    *slog.Logger

	mu      sync.RWMutex
	entries map[string]map[string]*entry[T] // namespace → name → entry
	applied store.Watermark
	// feed names the resources each applied change touched (feed.go).
	feed feed.Feed[Key]
}

type entry[T any] struct {
	index    *Index
	versions map[string]*T
}

func newVersioned[T any](st store.Store, prefix string, log *slog.Logger) *versioned[T] {
	return &versioned[T]{st: st, prefix: prefix, log: log, entries: map[string]map[string]*entry[T]{}}
}

func (v *versioned[T]) indexKey(ns, name string) string { return v.prefix + ns + "/i/" + name }
func (v *versioned[T]) versionsPrefix(ns, name string) string {
	return v.prefix + ns + "/v/" + name + "/"
}
func (v *versioned[T]) versionKey(ns, name, version string) string {
	return v.versionsPrefix(ns, name) + version
}

// parse splits a key of the kind: its namespace, name, version ("" for
// an index) and whether it is one of the kind's keys at all.
func (v *versioned[T]) parse(key string) (ns, name, version string, isIndex, ok bool) {
	rest, found := strings.CutPrefix(key, v.prefix)
	if !found {
		return "", "", "", false, false
	}
	parts := strings.SplitN(rest, "/", 4)
	switch {
	case len(parts) == 3 && parts[1] == "i":
		return parts[0], parts[2], "", true, true
	case len(parts) == 4 && parts[1] == "v":
		return parts[0], parts[2], parts[3], false, true
	}
	return "", "", "", false, false
}

// get answers the index of ns/name and the version asked ("" the latest),
// nil when either is missing. The answers are shared: never change them.
func (v *versioned[T]) get(ns, name, version string) (*Index, *T) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.entries[ns][name]
	if e == nil || e.index == nil {
		return nil, nil
	}
	if version == "" {
		version = e.index.Latest
	}
	return e.index, e.versions[version]
}

// names answers the names of namespace ns that match keeps, sorted.
func (v *versioned[T]) names(ns string, keep func(name string) bool) []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []string
	for name, e := range v.entries[ns] {
		if e.index != nil && keep(name) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// byID answers the name of the resource of ns with id, "" if none.
func (v *versioned[T]) byID(ns, id string) string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	for name, e := range v.entries[ns] {
		if e.index != nil && e.index.ID == id {
			return name
		}
	}
	return ""
}

// Load replaces the view with the store's contents at rev.
func (v *versioned[T]) Load(kvs []store.KV, rev int64) {
	next := map[string]map[string]*entry[T]{}
	for _, kv := range kvs {
		v.fold(next, store.Event{Type: store.EventPut, KV: kv})
	}
	v.mu.Lock()
	changed := keysOf(v.entries)
	maps.Copy(changed, keysOf(next))
	v.entries = next
	v.mu.Unlock()
	// Published before the watermark moves, so a writer that returns has
	// its change published to every listener.
	v.feed.Publish(changed)
	v.applied.Advance(rev)
}

// Apply folds in one transaction's events.
func (v *versioned[T]) Apply(events []store.Event) {
	var rev int64
	changed := map[Key]struct{}{}
	v.mu.Lock()
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		if k, ok := v.fold(v.entries, ev); ok {
			changed[k] = struct{}{}
		}
	}
	v.mu.Unlock()
	v.feed.Publish(changed)
	v.applied.Advance(rev)
}

// fold applies ev to into and answers the resource it touched.
func (v *versioned[T]) fold(into map[string]map[string]*entry[T], ev store.Event) (Key, bool) {
	ns, name, version, isIndex, ok := v.parse(ev.KV.Key)
	if !ok {
		return Key{}, false
	}
	k := Key{Namespace: ns, Name: name}
	if into[ns] == nil {
		into[ns] = map[string]*entry[T]{}
	}
	e := into[ns][name]
	if e == nil {
		e = &entry[T]{versions: map[string]*T{}}
		into[ns][name] = e
	}
	switch {
	case ev.Type != store.EventPut && isIndex:
		e.index = nil
	case ev.Type != store.EventPut:
		delete(e.versions, version)
	case isIndex:
		e.index = v.decodeIndex(ev.KV)
	default:
		var t T
		if err := json.Unmarshal(ev.KV.Value, &t); err != nil {
			v.log.Error("skipping unreadable version", "key", ev.KV.Key, "err", err)
			return k, true
		}
		e.versions[version] = &t
	}
	if e.index == nil && len(e.versions) == 0 {
		delete(into[ns], name)
	}
	return k, true
}

func (v *versioned[T]) decodeIndex(kv store.KV) *Index {
	var x Index
	if err := json.Unmarshal(kv.Value, &x); err != nil {
		v.log.Error("skipping unreadable index", "key", kv.Key, "err", err)
		return nil
	}
	x.Revision = kv.ModRevision
	return &x
}

// commit runs txn and waits until the view shows it; false when a guard
// failed (the view has then caught up with the index of ns/name, so the
// caller reads again and retries).
func (v *versioned[T]) commit(ctx context.Context, txn store.Txn, ns, name string) (bool, error) {
	res, err := v.st.Commit(ctx, txn)
	if errors.Is(err, store.ErrInvalid) {
		return false, registry.Errorf(registry.KindInvalid, "too large for one store transaction: %v", err)
	}
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if !res.Succeeded {
		return false, v.catchUp(ctx, ns, name)
	}
	if err := v.applied.Wait(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for the ai view: %w", err)
	}
	return true, nil
}

// catchUp waits until the view shows the index of ns/name as the store
// has it now (not the store's global revision, which may be another
// registry's write this view never sees).
func (v *versioned[T]) catchUp(ctx context.Context, ns, name string) error {
	for {
		ch := v.applied.Next()
		var want int64
		kv, err := v.st.Get(ctx, v.indexKey(ns, name))
		switch {
		case err == nil:
			want = kv.ModRevision
		case !errors.Is(err, store.ErrNotFound):
			return registry.Errorf(registry.KindInternal, "store: %v", err)
		}
		var have int64
		if x, _ := v.get(ns, name, ""); x != nil {
			have = x.Revision
		}
		if have == want {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for the ai view: %w", ctx.Err())
		}
	}
}

// maxAttempts bounds the retries of a write that lost a race.
const maxAttempts = 16

// errBusy is the answer after maxAttempts lost races.
func errBusy(what string) error {
	return registry.Errorf(registry.KindConflict, "%s: too many concurrent changes, try again", what)
}

// mustJSON encodes the registry's own plain types, which cannot fail.
func mustJSON(x any) []byte {
	b, err := json.Marshal(x)
	if err != nil {
		panic(fmt.Sprintf("ai: encode %T: %v", x, err))
	}
	return b
}
