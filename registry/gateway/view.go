package gateway

import (
	"encoding/json"
	"fmt"
	"github.com/causeway-dev/causeway/registry/feed"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// view is the in-memory picture of everything under Prefix, kept current by
// the store's watch. Records in it are immutable; readers may keep them.
type view struct {
	log      *slog.Logger
	mu       sync.RWMutex
	gateways map[Key]*entry

	feed feed.Feed[Key]

	applied store.Watermark
}

// entry is one gateway and its routes. gw is nil while only routes are
// known, which a transaction never leaves behind but a listing may show
// between two records of one key range.
type entry struct {
	gw     *Gateway
	routes map[string]*Route // by id
}

func newView(log *slog.Logger) *view {
	return &view{log: log, gateways: map[Key]*entry{}}
}

// Load replaces the whole view with a listing (store.Mirror).
func (v *view) Load(kvs []store.KV, rev int64) {
	log := v.log
	next := map[Key]*entry{}
	for _, kv := range kvs {
		applyPut(next, kv, log)
	}
	changed := map[Key]struct{}{}
	v.mu.Lock()
	for k := range v.gateways {
		changed[k] = struct{}{}
	}
	for k := range next {
		changed[k] = struct{}{}
	}
	v.gateways = next
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(rev)
}

// Apply folds one transaction's events into the view (store.Mirror).
func (v *view) Apply(events []store.Event) {
	log := v.log
	if len(events) == 0 {
		return
	}
	changed := map[Key]struct{}{}
	v.mu.Lock()
	for _, ev := range events {
		var k Key
		var ok bool
		if ev.Type == store.EventPut {
			k, ok = applyPut(v.gateways, ev.KV, log)
		} else {
			k, ok = applyDelete(v.gateways, ev.KV.Key)
		}
		if ok {
			changed[k] = struct{}{}
		}
	}
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(events[len(events)-1].KV.ModRevision)
}

func entryFor(m map[Key]*entry, k Key) *entry {
	e := m[k]
	if e == nil {
		e = &entry{routes: map[string]*Route{}}
		m[k] = e
	}
	return e
}

// applyPut folds one stored record into m and answers the gateway it
// touched. Name records only guard writes; they change nothing visible.
func applyPut(m map[Key]*entry, kv store.KV, log *slog.Logger) (Key, bool) {
	kind, k, id, ok := parseKey(kv.Key)
	if !ok || kind == "rn" {
		return Key{}, false
	}
	if kind == "gw" {
		g, err := decodeGateway(kv, k)
		if err != nil {
			log.Error("gateway view: skip record", "err", err)
			return Key{}, false
		}
		entryFor(m, k).gw = g
		return k, true
	}
	r, err := decodeRoute(kv, k, id)
	if err != nil {
		log.Error("gateway view: skip record", "err", err)
		return Key{}, false
	}
	entryFor(m, k).routes[id] = r
	return k, true
}

func applyDelete(m map[Key]*entry, key string) (Key, bool) {
	kind, k, id, ok := parseKey(key)
	e := m[k]
	if !ok || kind == "rn" || e == nil {
		return Key{}, false
	}
	if kind == "gw" {
		e.gw = nil
	} else {
		delete(e.routes, id)
	}
	if e.gw == nil && len(e.routes) == 0 {
		delete(m, k)
	}
	return k, true
}

func decodeGateway(kv store.KV, k Key) (*Gateway, error) {
	var g Gateway
	if err := json.Unmarshal(kv.Value, &g); err != nil {
		return nil, fmt.Errorf("decode gateway %s: %w", kv.Key, err)
	}
	g.ID, g.Project, g.Revision, g.Created = k.ID, k.Project, kv.ModRevision, kv.CreateRevision
	return &g, nil
}

func decodeRoute(kv store.KV, k Key, id string) (*Route, error) {
	var r Route
	if err := json.Unmarshal(kv.Value, &r); err != nil {
		return nil, fmt.Errorf("decode route %s: %w", kv.Key, err)
	}
	r.ID, r.Gateway, r.Revision, r.Created = id, k, kv.ModRevision, kv.CreateRevision
	return &r, nil
}

// gateway answers a gateway and its routes in creation order; gw is nil
// when the gateway does not exist.
func (v *view) gateway(k Key) (gw *Gateway, routes []*Route) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e := v.gateways[k]
	if e == nil || e.gw == nil {
		return nil, nil
	}
	routes = make([]*Route, 0, len(e.routes))
	for _, r := range e.routes {
		routes = append(routes, r)
	}
	sort.Slice(routes, func(i, j int) bool { return creationLess(routes[i], routes[j]) })
	return e.gw, routes
}

// creationLess orders routes by creation: store create revision, then id
// (records of one transaction share a revision).
func creationLess(a, b *Route) bool {
	if a.Created != b.Created {
		return a.Created < b.Created
	}
	return a.ID < b.ID
}

// keys answers every gateway, sorted.
func (v *view) keys() []Key {
	v.mu.RLock()
	out := make([]Key, 0, len(v.gateways))
	for k, e := range v.gateways {
		if e.gw != nil {
			out = append(out, k)
		}
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return keyLess(out[i], out[j]) })
	return out
}

func keyLess(a, b Key) bool {
	if a.Project != b.Project {
		return a.Project < b.Project
	}
	return a.ID < b.ID
}
