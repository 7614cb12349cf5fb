package naming

import (
	"context"
	"sort"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// CreateService stores a new service; KindServiceExists when it exists
// (explicitly or through its instances).
func (r *Registry) CreateService(ctx context.Context, s Service) error {
	if err := ValidateService(&s); err != nil {
		return err
	}
	if _, exists := r.idx.has(s.Key); exists {
		return serviceExists(s.Key)
	}
	if err := r.admit(s.Key.Namespace, 1, 0); err != nil {
		return err
	}
	now := r.nowMillis()
	s.CreatedAt, s.ModifiedAt = now, now
	if s.Metadata == nil {
		s.Metadata = map[string]string{}
	}
	val, err := encode(&s)
	if err != nil {
		return err
	}
	key := serviceStoreKey(s.Key)
	ok, err := r.commit(ctx, store.Txn{If: []store.Cmp{store.Absent(key)}, Then: []store.Op{store.Put(key, val)}})
	if err != nil {
		return err
	}
	if !ok {
		return serviceExists(s.Key)
	}
	return nil
}

func serviceExists(k ServiceKey) error {
	return registry.Errorf(registry.KindServiceExists, "specified service %s already exists!", k.Grouped())
}

func serviceNotFound(k ServiceKey) error {
	return registry.Errorf(registry.KindServiceNotFound, "service %s is not found!", k.Grouped())
}

// ServicePatch is a change to a service's settings; nil fields stay.
type ServicePatch struct {
	ProtectThreshold *float64
	Metadata         map[string]string
	Selector         *Selector
}

// UpdateService changes a service's settings. A service that exists only
// through its instances gets a record now.
func (r *Registry) UpdateService(ctx context.Context, k ServiceKey, p ServicePatch) error {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur, exists := r.idx.has(k)
		if !exists {
			return serviceNotFound(k)
		}
		next, guard := r.patchedService(k, cur, p)
		if err := ValidateService(next); err != nil {
			return err
		}
		val, err := encode(next)
		if err != nil {
			return err
		}
		key := serviceStoreKey(k)
		ok, err := r.commit(ctx, store.Txn{If: []store.Cmp{guard}, Then: []store.Op{store.Put(key, val)}})
		if err != nil || ok {
			return err
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("update service")
}

func (r *Registry) patchedService(k ServiceKey, cur *Service, p ServicePatch) (*Service, store.Cmp) {
	key := serviceStoreKey(k)
	var next Service
	guard := store.Absent(key)
	if cur != nil {
		next = *cur
		guard = store.Unchanged(key, cur.Revision)
	} else {
		next = Service{Key: k, Ephemeral: true, Selector: Selector{Type: "none"}, CreatedAt: r.nowMillis()}
	}
	if p.ProtectThreshold != nil {
		next.ProtectThreshold = *p.ProtectThreshold
	}
	if p.Metadata != nil {
		next.Metadata = cloneMap(p.Metadata)
	}
	if p.Selector != nil {
		next.Selector = *p.Selector
	}
	next.ModifiedAt = r.nowMillis()
	next.Implicit = false // someone cares about its settings now
	return &next, guard
}

// DeleteService removes a service without instances.
func (r *Registry) DeleteService(ctx context.Context, k ServiceKey) error {
	if err := r.catchUp(ctx); err != nil {
		return err
	}
	cur, instances, exists := r.idx.snapshot(k)
	if !exists {
		return serviceNotFound(k)
	}
	// The index may lag by a moment; the store is the authority here.
	stored, _, err := r.st.List(ctx, servicePrefixOfInstances(k))
	if err != nil {
		return registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if len(instances) > 0 || len(stored) > 0 {
		return registry.Errorf(registry.KindServiceHasInstances,
			"Service %s is not empty, can't be delete. Please unregister instance first", k.Grouped())
	}
	if cur == nil {
		return nil
	}
	key := serviceStoreKey(k)
	ok, err := r.commit(ctx, store.Txn{
		If:   []store.Cmp{store.Unchanged(key, cur.Revision)},
		Then: []store.Op{store.Delete(key)},
	})
	if err == nil && !ok {
		return registry.Conflict("delete service")
	}
	return err
}

// ServiceView is a service as the APIs show it.
type ServiceView struct {
	Service   Service
	Clusters  []Cluster   // every cluster with settings or instances, by name
	Instances []*Instance // every instance, sorted; shared: never modify
	// Version is the store revision of the service's last change.
	Version int64
}

// HasService answers whether a service exists (a record or instances),
// without reading its instances.
func (r *Registry) HasService(k ServiceKey) bool {
	_, ok := r.idx.has(k)
	return ok
}

// GetService answers a service with its clusters and instances.
func (r *Registry) GetService(k ServiceKey) (*ServiceView, error) {
	iv, exists := r.idx.view(k)
	if !exists {
		return nil, serviceNotFound(k)
	}
	cur, instances := iv.svc, iv.instances
	v := &ServiceView{Instances: instances, Version: iv.version}
	if cur != nil {
		v.Service = *cur
	} else {
		v.Service = Service{Key: k, Ephemeral: true, Selector: Selector{Type: "none"}, Metadata: map[string]string{}}
	}
	v.Clusters = clustersOf(v.Service.Clusters, iv.clusters)
	return v, nil
}

// clustersOf answers the configured clusters and those instances are in
// (named), by name.
func clustersOf(configured map[string]*Cluster, named []string) []Cluster {
	byName := map[string]Cluster{}
	for name, c := range configured {
		byName[name] = *c
	}
	for _, name := range named {
		if _, ok := byName[name]; !ok {
			byName[name] = DefaultClusterSettings(name)
		}
	}
	out := make([]Cluster, 0, len(byName))
	for _, c := range byName {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DefaultClusterSettings are the settings of a cluster nobody configured.
// Causeway does not probe persistent instances itself yet, so it reports
// the health checker it actually runs: none.
func DefaultClusterSettings(name string) Cluster {
	return Cluster{Name: name, HealthChecker: HealthChecker{Type: "NONE"}, Metadata: map[string]string{}}
}

// ListServices answers one page of service names of a namespace and group
// (every group when group is empty) and the total count. pageNo starts at 1.
func (r *Registry) ListServices(ns, group string, pageNo, pageSize int) (total int, page []ServiceKey) {
	keys := r.idx.serviceKeys(ns, group)
	total = len(keys)
	start := (pageNo - 1) * pageSize
	if pageNo < 1 || pageSize < 1 || start >= total {
		return total, []ServiceKey{}
	}
	end := min(start+pageSize, total)
	return total, keys[start:end]
}

// Counts answers the number of services and instances.
func (r *Registry) Counts() (services, instances int) { return r.idx.counts() }

// InstanceChanges answers how many times an instance was registered,
// changed (health included) or removed since the process started.
func (r *Registry) InstanceChanges() uint64 { return r.idx.changes.Load() }
