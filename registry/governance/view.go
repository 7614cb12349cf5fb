package governance

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// view is the in-memory picture of everything under Prefix, kept current by
// the store's watch. Records in it are immutable, their specs parsed;
// readers may keep them.
type view struct {
	log      *slog.Logger
	mu       sync.RWMutex
	policies map[policyKey]*Policy
	routes   map[RouteRuleKey]*RouteRule
	// snap caches the Snapshot of the view; nil once the view changed.
	snap *Snapshot

	feed    feed.Feed[string] // projects
	applied store.Watermark
}

func newView(log *slog.Logger) *view {
	return &view{log: log, policies: map[policyKey]*Policy{}, routes: map[RouteRuleKey]*RouteRule{}}
}

// Load replaces the whole view with a listing (store.Mirror).
func (v *view) Load(kvs []store.KV, rev int64) {
	log := v.log
	policies, routes := map[policyKey]*Policy{}, map[RouteRuleKey]*RouteRule{}
	for _, kv := range kvs {
		putRecord(policies, routes, kv, log)
	}
	changed := map[string]struct{}{}
	v.mu.Lock()
	for k := range v.policies {
		changed[k.Project] = struct{}{}
	}
	for k := range v.routes {
		changed[k.Project] = struct{}{}
	}
	for k := range policies {
		changed[k.Project] = struct{}{}
	}
	for k := range routes {
		changed[k.Project] = struct{}{}
	}
	v.policies, v.routes, v.snap = policies, routes, nil
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
	changed := map[string]struct{}{}
	v.mu.Lock()
	for _, ev := range events {
		var project string
		var ok bool
		if ev.Type == store.EventPut {
			project, ok = putRecord(v.policies, v.routes, ev.KV, log)
		} else {
			project, ok = deleteRecord(v.policies, v.routes, ev.KV.Key)
		}
		if ok {
			changed[project] = struct{}{}
		}
	}
	if len(changed) > 0 {
		v.snap = nil
	}
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(events[len(events)-1].KV.ModRevision)
}

// putRecord folds one stored record in and answers the project it
// touched. Name records only guard writes; they change nothing visible. A
// record that no longer parses (rules got stricter) is skipped with an
// error in the log rather than handed to the control plane.
func putRecord(policies map[policyKey]*Policy, routes map[RouteRuleKey]*RouteRule, kv store.KV, log *slog.Logger) (string, bool) {
	kind, pk, rk, ok := parseKey(kv.Key)
	if !ok || kind == "n" {
		return "", false
	}
	if kind == "p" {
		p, err := decodePolicy(kv, pk)
		if err != nil {
			log.Error("governance view: skip record", "err", err)
			return "", false
		}
		policies[pk] = p
		return pk.Project, true
	}
	rr, err := decodeRouteRule(kv, rk)
	if err != nil {
		log.Error("governance view: skip record", "err", err)
		return "", false
	}
	routes[rk] = rr
	return rk.Project, true
}

func deleteRecord(policies map[policyKey]*Policy, routes map[RouteRuleKey]*RouteRule, key string) (string, bool) {
	kind, pk, rk, ok := parseKey(key)
	switch {
	case !ok:
		return "", false
	case kind == "p":
		if _, found := policies[pk]; found {
			delete(policies, pk)
			return pk.Project, true
		}
	case kind == "r":
		if _, found := routes[rk]; found {
			delete(routes, rk)
			return rk.Project, true
		}
	}
	return "", false
}

func decodePolicy(kv store.KV, k policyKey) (*Policy, error) {
	var p Policy
	if err := json.Unmarshal(kv.Value, &p); err != nil {
		return nil, fmt.Errorf("decode rule %s: %w", kv.Key, err)
	}
	parsed, err := ParseSpec(k.Kind, p.Spec)
	if err != nil {
		return nil, fmt.Errorf("parse the spec of rule %s: %w", kv.Key, err)
	}
	p.ID, p.Kind, p.Project, p.Parsed = k.ID, k.Kind, k.Project, parsed
	p.Revision, p.Created = kv.ModRevision, kv.CreateRevision
	return &p, nil
}

func decodeRouteRule(kv store.KV, k RouteRuleKey) (*RouteRule, error) {
	rules, err := ParseRules(kv.Value)
	if err != nil {
		return nil, fmt.Errorf("parse the route rules %s: %w", kv.Key, err)
	}
	return &RouteRule{Key: k, Raw: kv.Value, Rules: rules, Revision: kv.ModRevision}, nil
}

func (v *view) policy(k policyKey) *Policy {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.policies[k]
}

func (v *view) route(k RouteRuleKey) *RouteRule {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.routes[k]
}

// project answers the rules of a project that keep, in creation order.
func (v *view) project(project string, keep func(*Policy) bool) []*Policy {
	v.mu.RLock()
	var out []*Policy
	for k, p := range v.policies {
		if k.Project == project && keep(p) {
			out = append(out, p)
		}
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return creationLess(out[i], out[j]) })
	return out
}

// creationLess orders rules by creation: store create revision, then id
// (records of one transaction share a revision), as NewSnapshot does.
func creationLess(a, b *Policy) bool {
	if a.Created != b.Created {
		return a.Created < b.Created
	}
	return a.ID < b.ID
}

// snapshot answers the view as a Snapshot, built once per change.
func (v *view) snapshot() *Snapshot {
	v.mu.RLock()
	s := v.snap
	v.mu.RUnlock()
	if s != nil {
		return s
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.snap == nil {
		policies := make([]*Policy, 0, len(v.policies))
		for _, p := range v.policies {
			policies = append(policies, p)
		}
		routes := make([]*RouteRule, 0, len(v.routes))
		for _, r := range v.routes {
			routes = append(routes, r)
		}
		v.snap = NewSnapshot(policies, routes)
	}
	return v.snap
}
