package naming

import (
	"cmp"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// index is the in-memory view of everything under Prefix, kept current by
// the store's watch. Values in it are immutable; readers may keep them.
type index struct {
	mu       sync.RWMutex
	services map[ServiceKey]*entry
	// clients holds every instance's store key by the client that
	// published it, so a client's instances are found without a scan.
	clients clientIndex
	// use counts the services and instances of each namespace, for the
	// namespace limits (quota.go).
	use nsUse

	feed feed.Feed[ServiceKey]

	applied store.Watermark
	// changes counts the instance records put or deleted since start.
	changes atomic.Uint64
}

// entry is one service and its instances. svc may be nil for instances whose
// service record was deleted under them (a race the registry tolerates).
type entry struct {
	svc            *Service
	createRevision int64
	instances      map[string]*Instance // by store key
	// key is the service's key; its instances share its strings.
	key ServiceKey
	// clusters counts the instances of each cluster, so that a read learns
	// the service's clusters without a pass over its instances.
	clusters map[string]*clusterUse
	// version is the store revision of the last change to the service or
	// any of its instances: a cache key for what is rendered from it.
	version int64
	// order keeps the instances in list order for readers.
	order order
}

func newIndex() *index {
	return &index{services: map[ServiceKey]*entry{}, clients: clientIndex{}, use: nsUse{}}
}

// clientIndex maps a client id to the store keys of the instances it
// published (each key names its service). Most clients publish one
// instance (every HTTP client is its address) or a few (a gRPC
// connection), so each holds a short slice: a map per client cost ~600
// bytes per instance.
type clientIndex map[string][]string

func (c clientIndex) add(client, key string) {
	keys := c[client]
	if slices.Contains(keys, key) {
		return
	}
	c[client] = append(keys, key)
}

func (c clientIndex) remove(client, key string) {
	keys := c[client]
	i := slices.Index(keys, key)
	switch {
	case i < 0:
	case len(keys) == 1:
		delete(c, client)
	default:
		keys[i] = keys[len(keys)-1]
		keys[len(keys)-1] = ""
		c[client] = keys[:len(keys)-1]
	}
}

// load replaces the whole view with a listing.
func (x *index) load(kvs []store.KV, rev int64, log *slog.Logger) {
	services, clients, use := map[ServiceKey]*entry{}, clientIndex{}, nsUse{}
	for _, kv := range kvs {
		_, _ = applyPut(services, clients, use, kv, log)
	}
	x.mu.Lock()
	changed := map[ServiceKey]struct{}{}
	for k := range x.services {
		changed[k] = struct{}{}
	}
	for k := range services {
		changed[k] = struct{}{}
	}
	x.services, x.clients, x.use = services, clients, use
	x.mu.Unlock()
	x.feed.Publish(changed)
	x.applied.Advance(rev)
}

// apply folds one transaction's events into the view.
func (x *index) apply(events []store.Event, log *slog.Logger) {
	if len(events) == 0 {
		return
	}
	changed := map[ServiceKey]struct{}{}
	x.mu.Lock()
	for _, ev := range events {
		var k ServiceKey
		var ok bool
		if ev.Type == store.EventPut {
			k, ok = applyPut(x.services, x.clients, x.use, ev.KV, log)
		} else {
			k, ok = applyDelete(x.services, x.clients, x.use, ev)
		}
		if ok {
			changed[k] = struct{}{}
			if IsInstanceKey(ev.KV.Key) {
				x.changes.Add(1)
			}
		}
	}
	x.mu.Unlock()
	// The feed first: a writer the watermark wakes finds its change in it.
	x.feed.Publish(changed)
	x.applied.Advance(events[len(events)-1].KV.ModRevision)
}

func entryFor(m map[ServiceKey]*entry, use nsUse, k ServiceKey) *entry {
	e := m[k]
	if e == nil {
		e = &entry{key: k, instances: map[string]*Instance{}, clusters: map[string]*clusterUse{}}
		m[k] = e
		use.add(k.Namespace, 1, 0)
	}
	return e
}

// applyPut folds one stored record into m and answers the service it
// touched.
func applyPut(m map[ServiceKey]*entry, clients clientIndex, use nsUse, kv store.KV, log *slog.Logger) (ServiceKey, bool) {
	switch {
	case IsServiceKey(kv.Key):
		s, err := DecodeService(kv)
		if err != nil {
			log.Error("naming index: skip record", "err", err)
			return ServiceKey{}, false
		}
		e := entryFor(m, use, s.Key)
		e.svc, e.createRevision, e.version = s, kv.CreateRevision, kv.ModRevision
		return s.Key, true
	case IsInstanceKey(kv.Key):
		in, err := DecodeInstance(kv)
		if err != nil {
			log.Error("naming index: skip record", "err", err)
			return ServiceKey{}, false
		}
		e := entryFor(m, use, in.Service)
		e.share(in)
		if prev := e.instances[kv.Key]; prev != nil {
			clients.remove(prev.ClientID, kv.Key)
		}
		prev := e.instances[kv.Key]
		if prev == nil {
			use.add(in.Service.Namespace, 0, 1)
		}
		e.instances[kv.Key] = in
		clients.add(in.ClientID, kv.Key)
		e.version = kv.ModRevision
		e.count(prev, in)
		e.order.change(prev, in, len(e.instances))
		return in.Service, true
	}
	return ServiceKey{}, false
}

// applyDelete removes one record from m and answers the service it touched.
func applyDelete(m map[ServiceKey]*entry, clients clientIndex, use nsUse, ev store.Event) (ServiceKey, bool) {
	if ev.PrevKV == nil {
		return ServiceKey{}, false
	}
	switch {
	case IsServiceKey(ev.KV.Key):
		s, err := DecodeService(*ev.PrevKV)
		if err != nil {
			return ServiceKey{}, false
		}
		if e := m[s.Key]; e != nil {
			e.svc, e.version = nil, ev.KV.ModRevision
			dropIfEmpty(m, use, s.Key, e)
		}
		return s.Key, true
	case IsInstanceKey(ev.KV.Key):
		// The service is in the key: decoding the old record to learn it
		// cost a JSON decode per replaced or removed instance.
		k, ok := serviceOfInstanceKey(ev.KV.Key)
		if !ok {
			in, err := DecodeInstance(*ev.PrevKV)
			if err != nil {
				return ServiceKey{}, false
			}
			k = in.Service
		}
		if e := m[k]; e != nil {
			if cur := e.instances[ev.KV.Key]; cur != nil {
				clients.remove(cur.ClientID, ev.KV.Key)
			}
			cur := e.instances[ev.KV.Key]
			if cur != nil {
				use.add(k.Namespace, 0, -1)
			}
			delete(e.instances, ev.KV.Key)
			e.version = ev.KV.ModRevision
			e.count(cur, nil)
			e.order.change(cur, nil, len(e.instances))
			dropIfEmpty(m, use, k, e)
		}
		return k, true
	}
	return ServiceKey{}, false
}

func dropIfEmpty(m map[ServiceKey]*entry, use nsUse, k ServiceKey, e *entry) {
	if e.svc == nil && len(e.instances) == 0 {
		delete(m, k)
		use.add(k.Namespace, -1, 0)
	}
}

// service answers a service record with its create revision, or nil.
func (x *index) service(k ServiceKey) (*Service, int64) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if e := x.services[k]; e != nil {
		return e.svc, e.createRevision
	}
	return nil, 0
}

// instance answers one instance by store key, or nil.
func (x *index) instance(k ServiceKey, storeKey string) *Instance {
	in, _ := x.lookup(k, storeKey)
	return in
}

// lookup answers one instance by store key (nil when absent) and whether
// its service exists at all, without copying the service's instances.
func (x *index) lookup(k ServiceKey, storeKey string) (*Instance, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e := x.services[k]
	if e == nil {
		return nil, false
	}
	return e.instances[storeKey], true
}

// view is a consistent read of one service.
type view struct {
	svc       *Service    // nil when it exists only through its instances
	instances []*Instance // sorted by cluster, ip, port; shared: never modify
	clusters  []string    // the clusters instances are in, sorted
	version   int64
}

// snapshot answers a service's record and its sorted instances; exists is
// false when neither a record nor instances exist.
func (x *index) snapshot(k ServiceKey) (svc *Service, instances []*Instance, exists bool) {
	v, ok := x.view(k)
	return v.svc, v.instances, ok
}

// view answers a service with the version of its last change.
func (x *index) view(k ServiceKey) (view, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e := x.services[k]
	if e == nil {
		return view{}, false
	}
	return view{svc: e.svc, version: e.version, clusters: e.clusterNames(), instances: e.order.list(e.instances)}, true
}

// has answers a service's record (nil when it exists only through its
// instances) and whether it exists at all.
func (x *index) has(k ServiceKey) (*Service, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if e := x.services[k]; e != nil {
		return e.svc, true
	}
	return nil, false
}

func sortInstances(list []*Instance) { slices.SortFunc(list, compareInstances) }

// compareInstances orders instances as lists show them: by cluster, ip,
// port.
func compareInstances(a, b *Instance) int {
	if c := strings.Compare(a.Cluster, b.Cluster); c != 0 {
		return c
	}
	if c := strings.Compare(a.IP, b.IP); c != 0 {
		return c
	}
	return cmp.Compare(a.Port, b.Port)
}

// clusterUse is one cluster of a service: its name (which the instances
// in it share) and how many instances are in it.
type clusterUse struct {
	name string
	n    int
}

// count keeps the cluster counts across one change: old (when not nil)
// leaves, in (when not nil) joins.
func (e *entry) count(old, in *Instance) {
	if old != nil {
		if u := e.clusters[old.Cluster]; u != nil {
			if u.n--; u.n <= 0 {
				delete(e.clusters, old.Cluster)
			}
		}
	}
	if in != nil {
		u := e.clusters[in.Cluster]
		if u == nil {
			u = &clusterUse{name: in.Cluster}
			e.clusters[in.Cluster] = u
		}
		u.n++
	}
}

// share makes a decoded instance use the strings of its service's key and
// cluster, held once per service instead of once per instance.
func (e *entry) share(in *Instance) {
	in.Service = e.key
	if u := e.clusters[in.Cluster]; u != nil {
		in.Cluster = u.name
	}
}

// clusterNames answers the clusters instances are in, sorted.
func (e *entry) clusterNames() []string {
	out := make([]string, 0, len(e.clusters))
	for name := range e.clusters {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// serviceKeys answers the keys of a namespace (all namespaces when ns is
// empty) whose group matches (any group when group is empty), sorted.
func (x *index) serviceKeys(ns, group string) []ServiceKey {
	x.mu.RLock()
	keys := make([]ServiceKey, 0, len(x.services))
	for k := range x.services {
		if (ns == "" || k.Namespace == ns) && (group == "" || k.Group == group) {
			keys = append(keys, k)
		}
	}
	x.mu.RUnlock()
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Namespace != keys[j].Namespace {
			return keys[i].Namespace < keys[j].Namespace
		}
		if keys[i].Group != keys[j].Group {
			return keys[i].Group < keys[j].Group
		}
		return keys[i].Name < keys[j].Name
	})
	return keys
}

// each calls fn for every instance under the read lock; fn must not block.
func (x *index) each(fn func(storeKey string, in *Instance)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, e := range x.services {
		for k, in := range e.instances {
			fn(k, in)
		}
	}
}

// counts answers the number of services and instances.
func (x *index) counts() (services, instances int) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, e := range x.services {
		services++
		instances += len(e.instances)
	}
	return services, instances
}

// clientInstances answers the instances a client published, with their
// store keys.
func (x *index) clientInstances(client string) map[string]*Instance {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make(map[string]*Instance, len(x.clients[client]))
	for _, key := range x.clients[client] {
		k, ok := serviceOfInstanceKey(key)
		if !ok {
			continue
		}
		if e := x.services[k]; e != nil && e.instances[key] != nil {
			out[key] = e.instances[key]
		}
	}
	return out
}

// clientServiceInstances answers the instances a client published in
// service k, with their store keys: what a publish replaces. It looks up
// only those, however many services the client publishes in.
func (x *index) clientServiceInstances(client string, k ServiceKey) map[string]*Instance {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out map[string]*Instance
	e := x.services[k]
	if e == nil {
		return nil
	}
	for _, key := range x.clients[client] {
		// Store keys are unique across services: one of another service
		// is not among e's.
		if in := e.instances[key]; in != nil {
			if out == nil {
				out = map[string]*Instance{}
			}
			out[key] = in
		}
	}
	return out
}

// clientIDs answers every client that published an instance.
func (x *index) clientIDs() []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]string, 0, len(x.clients))
	for id := range x.clients {
		out = append(out, id)
	}
	return out
}
