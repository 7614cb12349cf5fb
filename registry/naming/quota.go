package naming

import (
	"github.com/causeway-dev/causeway/registry"
)

// Limits caps what one namespace may hold; zero means no cap. A namespace
// is limited when it is a tenant's (a CSE engine's, registry/tenancy):
// the check lives here so that every dialect that registers (Nacos v1, v2,
// v3, gRPC, ServiceComb) meets it once, in the write path.
type Limits struct {
	Services  int
	Instances int
	// Shared are the namespaces whose services and instances count
	// together against these limits (every namespace of one tenant, the
	// asked one among them); empty: the asked namespace alone.
	Shared []string
}

// used answers what the namespaces sharing lim hold, namespace's alone
// when they are not named.
func (r *Registry) used(namespace string, lim Limits) (services, instances int) {
	if len(lim.Shared) == 0 {
		return r.Usage(namespace)
	}
	for _, ns := range lim.Shared {
		s, i := r.Usage(ns)
		services, instances = services+s, instances+i
	}
	return services, instances
}

// Limiter answers the limits of a namespace, false when it has none.
type Limiter interface {
	NamespaceLimits(namespace string) (Limits, bool)
}

// SetLimiter installs the namespace limits; the tenancy that knows them is
// built after the registry. nil removes every limit.
func (r *Registry) SetLimiter(l Limiter) {
	if l == nil {
		r.limiter.Store(nil)
		return
	}
	r.limiter.Store(&l)
}

// Usage answers how many services and instances a namespace holds.
func (r *Registry) Usage(namespace string) (services, instances int) {
	x := r.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	if c := x.use[namespace]; c != nil {
		return c.services, c.instances
	}
	return 0, 0
}

// nsUse counts the services (index entries) and instances of each
// namespace, kept by the index as it applies the store's changes.
type nsUse map[string]*nsCount

type nsCount struct{ services, instances int }

func (u nsUse) add(namespace string, services, instances int) {
	c := u[namespace]
	if c == nil {
		c = &nsCount{}
		u[namespace] = c
	}
	c.services += services
	c.instances += instances
	if c.services <= 0 && c.instances <= 0 {
		delete(u, namespace)
	}
}

// admit refuses a write that would add addServices services or
// addInstances instances to a namespace past its limits. It reads the
// index, so writers racing each other may overshoot a cap by the writes in
// flight; a refused write has written nothing.
func (r *Registry) admit(namespace string, addServices, addInstances int) error {
	p := r.limiter.Load()
	if p == nil || (addServices <= 0 && addInstances <= 0) {
		return nil
	}
	lim, ok := (*p).NamespaceLimits(namespace)
	if !ok {
		return nil
	}
	services, instances := r.used(namespace, lim)
	if addServices > 0 && lim.Services > 0 && services+addServices > lim.Services {
		return registry.FieldErrorf(registry.KindQuota, "service",
			"namespace %s: service quota used up (%d of %d)", namespace, services, lim.Services)
	}
	if addInstances > 0 && lim.Instances > 0 && instances+addInstances > lim.Instances {
		return registry.FieldErrorf(registry.KindQuota, "instance",
			"namespace %s: instance quota used up (%d of %d)", namespace, instances, lim.Instances)
	}
	return nil
}

// admitPublish checks a client's publish of next for service k: what is
// new counts, what the client stops publishing frees its place.
func (r *Registry) admitPublish(id string, k ServiceKey, next map[string]*Instance) error {
	if r.limiter.Load() == nil {
		return nil
	}
	add := 0
	for key := range next {
		if r.idx.instance(k, key) == nil {
			add++
		}
	}
	for key := range r.idx.clientServiceInstances(id, k) {
		if next[key] == nil {
			add--
		}
	}
	addSvc := 0
	if svc, _ := r.idx.service(k); svc == nil && len(next) > 0 {
		addSvc = 1
	}
	return r.admit(k.Namespace, addSvc, add)
}
