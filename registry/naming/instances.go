package naming

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Register stores an instance, creating its service on first use with the
// instance's ephemeral kind. Registering an existing instance replaces it and
// counts as a beat.
func (r *Registry) Register(ctx context.Context, in Instance) error {
	return r.register(ctx, in, false)
}

// register stores in; move also removes its client's instances of the
// service in other clusters (see RegisterByAddress).
func (r *Registry) register(ctx context.Context, in Instance, move bool) error {
	if in.Metadata == nil {
		in.Metadata = map[string]string{}
	}
	if err := ValidateInstance(&in); err != nil {
		return err
	}
	if in.ClientID == "" {
		in.ClientID = HTTPClientID(in.IP, in.Port, in.Ephemeral)
	}
	svcKey := serviceStoreKey(in.Service)
	insKey := instanceStoreKey(in.Ref())
	for attempt := 0; attempt < maxAttempts; attempt++ {
		txn, err := r.registerTxn(&in, svcKey, insKey)
		if err != nil {
			return err
		}
		if move {
			ifs, ops := r.movedAway(&in, insKey)
			txn.If, txn.Then = append(txn.If, ifs...), append(txn.Then, ops...)
		}
		ok, err := r.commit(ctx, txn)
		if err != nil {
			return err
		}
		if ok {
			r.beaten(insKey, &in)
			return nil
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("register instance")
}

func (r *Registry) registerTxn(in *Instance, svcKey, insKey string) (store.Txn, error) {
	now := r.nowMillis()
	txn := store.Txn{Durability: durability(in.Ephemeral)}
	svc, createRev := r.idx.service(in.Service)
	if err := r.admitRegister(in, svc, insKey); err != nil {
		return txn, err
	}
	if svc == nil {
		s := Service{Key: in.Service, Ephemeral: in.Ephemeral, Selector: Selector{Type: "none"},
			Metadata: map[string]string{}, Implicit: true, CreatedAt: now, ModifiedAt: now}
		val, err := encode(&s)
		if err != nil {
			return txn, err
		}
		txn.If = append(txn.If, store.Absent(svcKey))
		txn.Then = append(txn.Then, store.Put(svcKey, val))
		// A service record must survive a crash even if its instances need not.
		txn.Durability = store.Sync
	} else {
		if svc.Ephemeral != in.Ephemeral {
			return txn, kindMismatch(svc)
		}
		txn.If = append(txn.If, store.Cmp{Key: svcKey, Target: store.CmpCreateRevision, Rev: createRev})
	}
	in.RegisteredAt, in.ModifiedAt = now, now
	if old := r.idx.instance(in.Service, insKey); old != nil {
		in.RegisteredAt = old.RegisteredAt
	}
	val, err := encode(in)
	if err != nil {
		return txn, err
	}
	txn.Then = append(txn.Then, store.Put(insKey, val))
	return txn, nil
}

// admitRegister checks the namespace limits for in: a new service and a
// new instance count, a replaced one does not.
func (r *Registry) admitRegister(in *Instance, svc *Service, insKey string) error {
	addSvc, addIns := 0, 0
	if svc == nil {
		if _, exists := r.idx.has(in.Service); !exists {
			addSvc = 1
		}
	}
	if r.idx.instance(in.Service, insKey) == nil {
		addIns = 1
	}
	return r.admit(in.Service.Namespace, addSvc, addIns)
}

func kindMismatch(svc *Service) error {
	if svc.Ephemeral {
		return registry.Errorf(registry.KindInvalid,
			"Current service %s is ephemeral service, can't register persistent instance.", svc.Key.Grouped())
	}
	return registry.Errorf(registry.KindInvalid,
		"Current service %s is persistent service, can't register ephemeral instance.", svc.Key.Grouped())
}

// Deregister removes an instance; removing one that is gone is not an error,
// as in Nacos.
func (r *Registry) Deregister(ctx context.Context, ref InstanceRef) error {
	if err := validateRef(ref); err != nil {
		return err
	}
	key := instanceStoreKey(ref)
	cur := r.idx.instance(ref.Service, key)
	if cur == nil {
		return nil
	}
	_, err := r.commit(ctx, store.Txn{Then: []store.Op{store.Delete(key)}, Durability: durability(cur.Ephemeral)})
	return err
}

func validateRef(ref InstanceRef) error {
	probe := Instance{Service: ref.Service, IP: ref.IP, Port: ref.Port, Cluster: ref.Cluster, Weight: 1}
	return ValidateInstance(&probe)
}

func instanceNotFound(ref InstanceRef) error {
	return registry.Errorf(registry.KindInstanceNotFound, "no matched ip found: %s:%d, service: %s",
		ref.IP, ref.Port, ref.Service.Grouped())
}

// GetInstance answers one instance.
func (r *Registry) GetInstance(ref InstanceRef) (*Instance, error) {
	if err := validateRef(ref); err != nil {
		return nil, err
	}
	in, serviceExists := r.idx.lookup(ref.Service, instanceStoreKey(ref))
	if !serviceExists {
		return nil, serviceNotFound(ref.Service)
	}
	if in == nil {
		return nil, instanceNotFound(ref)
	}
	return in, nil
}

// UpdateInstance applies change to a copy of the instance and stores it if
// the result is valid; the instance must exist.
func (r *Registry) UpdateInstance(ctx context.Context, ref InstanceRef, change func(*Instance) error) error {
	if err := validateRef(ref); err != nil {
		return err
	}
	key := instanceStoreKey(ref)
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.idx.instance(ref.Service, key)
		if cur == nil {
			return registry.Errorf(registry.KindInstanceNotFound, "instance not exist: %s:%d@%s in %s",
				ref.IP, ref.Port, ref.Cluster, ref.Service.Grouped())
		}
		ok, err := r.replaceInstance(ctx, key, cur, change)
		if err != nil || ok {
			return err
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("update instance")
}

// replaceInstance stores change(copy of cur) if cur is still current.
func (r *Registry) replaceInstance(ctx context.Context, key string, cur *Instance, change func(*Instance) error) (bool, error) {
	next := *cur
	next.Metadata = cloneMap(cur.Metadata)
	if err := change(&next); err != nil {
		return false, err
	}
	if err := ValidateInstance(&next); err != nil {
		return false, err
	}
	next.ModifiedAt = r.nowMillis()
	val, err := encode(&next)
	if err != nil {
		return false, err
	}
	return r.commit(ctx, store.Txn{
		If:         []store.Cmp{store.Unchanged(key, cur.Revision)},
		Then:       []store.Op{store.Put(key, val)},
		Durability: durability(cur.Ephemeral),
	})
}

// Query filters an instance list.
type Query struct {
	Clusters    []string // empty: every cluster
	HealthyOnly bool
	// IncludeDisabled keeps instances that are not enabled.
	IncludeDisabled bool
}

// InstanceList is the answer to an instance query.
type InstanceList struct {
	Service   Service
	Instances []*Instance
	// ReachProtectionThreshold: healthy/total fell to the service's protect
	// threshold, so every instance is answered as healthy.
	ReachProtectionThreshold bool
	// Version is the store revision of the service's last change: equal
	// versions mean equal answers, so dialects may cache what they render.
	Version int64
}

// ServiceVersion answers the store revision of a service's last change (0
// when it does not exist) without reading its instances: callers that cache
// what they render from ListInstances check their cache with it first.
func (r *Registry) ServiceVersion(k ServiceKey) int64 {
	r.idx.mu.RLock()
	defer r.idx.mu.RUnlock()
	if e := r.idx.services[k]; e != nil {
		return e.version
	}
	return 0
}

// ListInstances answers the instances of a service, applying the protect
// threshold as Nacos does: when healthy/total <= threshold every instance is
// returned and marked healthy.
func (r *Registry) ListInstances(k ServiceKey, q Query) (*InstanceList, error) {
	v, exists := r.idx.view(k)
	if !exists {
		return nil, serviceNotFound(k)
	}
	svc, all := v.svc, v.instances
	out := &InstanceList{Version: v.version}
	if svc != nil {
		out.Service = *svc
	} else {
		out.Service = Service{Key: k, Ephemeral: true, Selector: Selector{Type: "none"}}
	}
	selected := filterInstances(all, q)
	out.Instances, out.ReachProtectionThreshold = protect(selected, out.Service.ProtectThreshold, q.HealthyOnly)
	return out, nil
}

func filterInstances(all []*Instance, q Query) []*Instance {
	clusters := map[string]bool{}
	for _, c := range q.Clusters {
		clusters[c] = true
	}
	out := make([]*Instance, 0, len(all))
	for _, in := range all {
		if len(clusters) > 0 && !clusters[in.Cluster] {
			continue
		}
		if !in.Enabled && !q.IncludeDisabled {
			continue
		}
		out = append(out, in)
	}
	return out
}

func protect(list []*Instance, threshold float64, healthyOnly bool) ([]*Instance, bool) {
	if len(list) == 0 {
		return list, false
	}
	healthy := 0
	for _, in := range list {
		if in.Healthy {
			healthy++
		}
	}
	if float64(healthy)/float64(len(list)) <= threshold {
		out := make([]*Instance, len(list))
		for i, in := range list {
			c := *in
			c.Healthy = true
			out[i] = &c
		}
		return out, true
	}
	if !healthyOnly {
		return list, false
	}
	out := make([]*Instance, 0, healthy)
	for _, in := range list {
		if in.Healthy {
			out = append(out, in)
		}
	}
	return out, false
}

// SetHealth sets the health of a persistent instance by hand. Ephemeral
// instances are judged by their beats, so Nacos refuses it for them.
// The instance is found by address as Nacos finds it (see address.go): the
// persistent client's instance of the service, whatever its cluster.
func (r *Registry) SetHealth(ctx context.Context, ref InstanceRef, healthy bool) error {
	_, in := r.locate(ref, false)
	if in == nil {
		var err error
		if in, err = r.GetInstance(ref); err != nil {
			return err
		}
	}
	if in.Ephemeral {
		return registry.Errorf(registry.KindHealthCheckRunning,
			"health check is still working, service: %s, cluster: %s", ref.Service.Grouped(), ref.Cluster)
	}
	return r.UpdateInstance(ctx, in.Ref(), func(i *Instance) error {
		i.Healthy = healthy
		return nil
	})
}
