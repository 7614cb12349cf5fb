package servicecomb

import (
	"encoding/json"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// nameKey names the microservices that share an app and name in one
// environment: what a find asks for.
type nameKey struct{ project, env, app, name string }

// service is one microservice as the view holds it.
type service struct {
	rec      *record
	revision int64 // ModRevision
	created  int64 // CreateRevision, the listing order
}

// view is the in-memory copy of everything under Prefix, fed by the
// store's watch.
type view struct {
	log *slog.Logger

	mu         sync.RWMutex
	services   map[string]map[string]*service   // project → id
	identities map[string]string                // project/env/app/name/version → id
	byName     map[nameKey]map[string]bool      // → ids
	byApp      map[appKey]map[string]bool       // the same, every environment
	schemas    map[string]map[string]*Schema    // project/id → schemaId
	deps       map[string]map[string]dependency // project/consumer → depKey
	dependents map[nameKey]map[string]bool      // provider → consumer ids

	applied store.Watermark
}

func newView(log *slog.Logger) *view {
	v := &view{log: log}
	v.reset()
	return v
}

func (v *view) reset() {
	v.services = map[string]map[string]*service{}
	v.identities = map[string]string{}
	v.byName = map[nameKey]map[string]bool{}
	v.byApp = map[appKey]map[string]bool{}
	v.schemas = map[string]map[string]*Schema{}
	v.deps = map[string]map[string]dependency{}
	v.dependents = map[nameKey]map[string]bool{}
}

func identity(project string, s *Microservice) string {
	return project + "\x00" + s.Environment + "\x00" + s.AppID + "\x00" + s.ServiceName + "\x00" + s.Version
}

// appKey names the microservices of an app and name in every
// environment: the Nacos service they share, what a find's revision and
// existence check look at on every find.
type appKey struct{ project, app, name string }

func (k nameKey) appKey() appKey { return appKey{k.project, k.app, k.name} }

func nameOf(project string, s *Microservice) nameKey {
	return nameKey{project, s.Environment, s.AppID, s.ServiceName}
}

// Load implements store.Mirror.
func (v *view) Load(kvs []store.KV, rev int64) {
	v.mu.Lock()
	v.reset()
	for _, kv := range kvs {
		v.put(kv)
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
}

// Apply implements store.Mirror.
func (v *view) Apply(events []store.Event) {
	if len(events) == 0 {
		return
	}
	v.mu.Lock()
	for _, ev := range events {
		if ev.Type == store.EventPut {
			v.put(ev.KV)
		} else {
			v.remove(ev.KV.Key)
		}
	}
	v.mu.Unlock()
	v.applied.Advance(events[len(events)-1].KV.ModRevision)
}

// put folds in one stored record; v.mu is held.
func (v *view) put(kv store.KV) {
	v.remove(kv.Key) // a replaced record leaves its old indexes first
	switch {
	case hasPrefix(kv.Key, servicePrefix):
		var rec record
		if err := json.Unmarshal(kv.Value, &rec); err != nil {
			v.log.Warn("skipping unreadable microservice", "key", kv.Key, "err", err)
			return
		}
		s := &service{rec: &rec, revision: kv.ModRevision, created: kv.CreateRevision}
		v.projectServices(rec.Project)[rec.Service.ServiceID] = s
		v.identities[identity(rec.Project, &rec.Service)] = rec.Service.ServiceID
		addTo(v.byName, nameOf(rec.Project, &rec.Service), rec.Service.ServiceID)
		addTo(v.byApp, nameOf(rec.Project, &rec.Service).appKey(), rec.Service.ServiceID)
	case hasPrefix(kv.Key, schemaPrefix):
		parts, ok := splitKey(kv.Key, schemaPrefix)
		var sc Schema
		if !ok || len(parts) != 3 || json.Unmarshal(kv.Value, &sc) != nil {
			v.log.Warn("skipping unreadable schema", "key", kv.Key)
			return
		}
		owner := parts[0] + "/" + parts[1]
		if v.schemas[owner] == nil {
			v.schemas[owner] = map[string]*Schema{}
		}
		v.schemas[owner][sc.SchemaID] = &sc
	case hasPrefix(kv.Key, depPrefix):
		parts, ok := splitKey(kv.Key, depPrefix)
		var d dependency
		if !ok || len(parts) != 5 || json.Unmarshal(kv.Value, &d) != nil {
			v.log.Warn("skipping unreadable dependency", "key", kv.Key)
			return
		}
		owner := parts[0] + "/" + d.Consumer
		if v.deps[owner] == nil {
			v.deps[owner] = map[string]dependency{}
		}
		v.deps[owner][kv.Key] = d
		addTo(v.dependents, nameKey{parts[0], d.Environment, d.AppID, d.ServiceName}, d.Consumer)
	}
}

// remove forgets the record at key, if the view has it; v.mu is held.
func (v *view) remove(key string) {
	switch {
	case hasPrefix(key, servicePrefix):
		parts, ok := splitKey(key, servicePrefix)
		if !ok || len(parts) != 2 {
			return
		}
		s := v.services[parts[0]][parts[1]]
		if s == nil {
			return
		}
		deleteEmptying(v.services, parts[0], parts[1])
		delete(v.identities, identity(parts[0], &s.rec.Service))
		removeFrom(v.byName, nameOf(parts[0], &s.rec.Service), parts[1])
		removeFrom(v.byApp, nameOf(parts[0], &s.rec.Service).appKey(), parts[1])
	case hasPrefix(key, schemaPrefix):
		if parts, ok := splitKey(key, schemaPrefix); ok && len(parts) == 3 {
			deleteEmptying(v.schemas, parts[0]+"/"+parts[1], parts[2])
		}
	case hasPrefix(key, depPrefix):
		parts, ok := splitKey(key, depPrefix)
		if !ok || len(parts) != 5 {
			return
		}
		owner := parts[0] + "/" + parts[1]
		if d, ok := v.deps[owner][key]; ok {
			deleteEmptying(v.deps, owner, key)
			removeFrom(v.dependents, nameKey{parts[0], d.Environment, d.AppID, d.ServiceName}, d.Consumer)
		}
	}
}

func (v *view) projectServices(project string) map[string]*service {
	m := v.services[project]
	if m == nil {
		m = map[string]*service{}
		v.services[project] = m
	}
	return m
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func addTo[K comparable](m map[K]map[string]bool, k K, id string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][id] = true
}

// deleteEmptying deletes m[k][inner] and m[k] once it is empty, so that
// what comes and goes leaves no empty maps behind.
func deleteEmptying[V any](m map[string]map[string]V, k, inner string) {
	delete(m[k], inner)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

func removeFrom[K comparable](m map[K]map[string]bool, k K, id string) {
	delete(m[k], id)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

// service answers a microservice, nil if none.
func (v *view) service(project, id string) *service {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.services[project][id]
}

// byIdentity answers the id of the microservice with s's identity, "" if none.
func (v *view) byIdentity(project string, s *Microservice) string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.identities[identity(project, s)]
}

// list answers a project's microservices in creation order.
func (v *view) list(project string) []*service {
	v.mu.RLock()
	out := make([]*service, 0, len(v.services[project]))
	for _, s := range v.services[project] {
		out = append(out, s)
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].created < out[j].created })
	return out
}

// named answers the microservices of one app and name in an environment.
func (v *view) named(k nameKey) []*service {
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := make([]*service, 0, len(v.byName[k]))
	for id := range v.byName[k] {
		if s := v.services[k.project][id]; s != nil {
			out = append(out, s)
		}
	}
	return out
}

// anyNamed reports whether some microservice of project has app and name,
// in any environment.
func (v *view) anyNamed(project, app, name string) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.byApp[appKey{project, app, name}]) > 0
}

// schemasOf answers a service's schemas sorted by id.
func (v *view) schemaList(project, id string) []*Schema {
	v.mu.RLock()
	m := v.schemas[project+"/"+id]
	out := make([]*Schema, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].SchemaID < out[j].SchemaID })
	return out
}

func (v *view) schema(project, id, schemaID string) *Schema {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.schemas[project+"/"+id][schemaID]
}

// dependencies answers what a consumer depends on.
func (v *view) dependencies(project, consumer string) []dependency {
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := make([]dependency, 0, len(v.deps[project+"/"+consumer]))
	for _, d := range v.deps[project+"/"+consumer] {
		out = append(out, d)
	}
	return out
}

// hasDependency reports whether the consumer's dependency on k is stored.
func (v *view) hasDependency(project string, d dependency) bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	_, ok := v.deps[project+"/"+d.Consumer][depKey(project, d)]
	return ok
}

// consumersOf answers the consumers, other than the provider's own
// microservices, that depend on k.
func (v *view) consumersOf(k nameKey) []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := []string{}
	for c := range v.dependents[k] {
		if !v.byName[k][c] {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// namedRevision answers the newest revision of the microservices of an
// app and name, in any environment: part of a find's revision, since
// their rules and tags shape its answer.
func (v *view) namedRevision(project, app, name string) int64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var rev int64
	for id := range v.byApp[appKey{project, app, name}] {
		if s := v.services[project][id]; s != nil {
			rev = max(rev, s.revision)
		}
	}
	return rev
}
