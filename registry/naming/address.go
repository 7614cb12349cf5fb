package naming

import (
	"context"
	"sort"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// A Nacos 2 client that registers over HTTP is its address: the client
// ip:port#ephemeral (IpPortBasedClient). It publishes at most one instance
// per service, and Nacos finds that instance by service and client alone,
// whatever cluster a later request names: registering again in another
// cluster moves it, and a beat, a deregistration or a health update that
// names no cluster, or another one, reaches it. Clients rely on that: one
// that registers in cluster "c1" and beats or deregisters without a cluster
// would otherwise leave a duplicate or an instance that never goes. The
// writes below apply that rule for every dialect that speaks for such
// clients. What Nacos keys by ip:port:cluster (instance metadata, so
// updates and the instance query) stays exact.

// addressInstances answers, by store key, the instances that the clients at
// ip:port of the given kinds (ephemeral true, false or both) published in
// service k.
func (r *Registry) addressInstances(k ServiceKey, ip string, port int, kinds ...bool) map[string]*Instance {
	var out map[string]*Instance
	for _, eph := range kinds {
		for key, in := range r.idx.clientServiceInstances(HTTPClientID(ip, port, eph), k) {
			if out == nil {
				out = map[string]*Instance{}
			}
			out[key] = in
		}
	}
	return out
}

// locate answers the instance a request of the client at ref's address
// means: the one at ref exactly when it is there and of one of kinds, else
// the one the client published in ref's service in another cluster (the
// first by key should an older store hold several). Nil when there is none.
func (r *Registry) locate(ref InstanceRef, kinds ...bool) (string, *Instance) {
	key := instanceStoreKey(ref)
	if in := r.idx.instance(ref.Service, key); in != nil {
		for _, eph := range kinds {
			if in.Ephemeral == eph {
				return key, in
			}
		}
	}
	found := r.addressInstances(ref.Service, ref.IP, ref.Port, kinds...)
	if len(found) == 0 {
		return key, nil
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0], found[keys[0]]
}

// RegisterByAddress registers in as a client at its address does in Nacos:
// the instance that client published in the service in another cluster is
// replaced, not kept beside it.
func (r *Registry) RegisterByAddress(ctx context.Context, in Instance) error {
	return r.register(ctx, in, true)
}

// DeregisterByAddress removes the instance at ref and whatever instance the
// client at ref's address published in the service in another cluster, as
// Nacos removes a client's instance of a service. As Deregister, it ignores
// the kind (see api/nacos/v1's deregister) and a missing instance is no
// error.
func (r *Registry) DeregisterByAddress(ctx context.Context, ref InstanceRef) error {
	if err := validateRef(ref); err != nil {
		return err
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		targets := r.addressInstances(ref.Service, ref.IP, ref.Port, true, false)
		key := instanceStoreKey(ref)
		if in := r.idx.instance(ref.Service, key); in != nil {
			if targets == nil {
				targets = map[string]*Instance{}
			}
			targets[key] = in
		}
		if len(targets) == 0 {
			return nil
		}
		txn := store.Txn{Durability: durability(true)}
		for key, in := range targets {
			txn.If = append(txn.If, store.Unchanged(key, in.Revision))
			txn.Then = append(txn.Then, store.Delete(key))
			if !in.Ephemeral {
				txn.Durability = durability(false)
			}
		}
		ok, err := r.commit(ctx, txn)
		if err != nil || ok {
			return err
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("deregister instance")
}

// movedAway answers the guarded deletes that move the client of in to in's
// cluster: its instances of the service elsewhere.
func (r *Registry) movedAway(in *Instance, insKey string) ([]store.Cmp, []store.Op) {
	var ifs []store.Cmp
	var ops []store.Op
	for key, old := range r.addressInstances(in.Service, in.IP, in.Port, in.Ephemeral) {
		if key == insKey || old.ClientID != in.ClientID {
			continue
		}
		ifs = append(ifs, store.Unchanged(key, old.Revision))
		ops = append(ops, store.Delete(key))
	}
	return ifs, ops
}
