package plugin

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// CreatePlugin checks a new plugin of gateway k, gets its module (see
// PullPolicy; a fetch, checksum or verification failure is KindInvalid and
// stores nothing), stores it under a fresh id and answers it as stored.
// Plugin names are unique per gateway (KindConflict).
func (r *Registry) CreatePlugin(ctx context.Context, k gateway.Key, in Input) (*Plugin, error) {
	if in.ID != "" {
		return nil, invalid("id", "is assigned by the server; leave it out")
	}
	p, err := Prepare(k, in)
	if err != nil {
		return nil, err
	}
	if _, err := r.writable(k, p, nil); err != nil {
		return nil, err
	}
	if err := r.resolve(ctx, p, nil); err != nil {
		return nil, err
	}
	p.ID = registry.NewID()
	val, err := encode(p)
	if err != nil {
		return nil, err
	}
	pk, nk := pluginStoreKey(k, p.ID), nameStoreKey(k, p.Name)
	for range maxAttempts {
		gw, err := r.writable(k, p, nil)
		if err != nil {
			return nil, err
		}
		// The gateway was read from this node's view, which may lag its
		// deletion on another node: the store checks it.
		ok, err := r.commit(ctx, []store.Cmp{store.Absent(nk), store.Absent(pk), gateway.SameGateway(gw)},
			store.Put(pk, val), store.Put(nk, []byte(p.ID)))
		if err != nil {
			return nil, err
		}
		if ok {
			return r.GetPlugin(k, p.ID)
		}
	}
	return nil, registry.Conflict("create plugin")
}

// writable checks that gateway k exists and that p may be written to it:
// its name is free (but for cur, the plugin p replaces) and, for a new
// plugin, the gateway has room.
func (r *Registry) writable(k gateway.Key, p, cur *Plugin) (*gateway.Gateway, error) {
	gw, err := r.gateways.GetGateway(k)
	if err != nil {
		return nil, err
	}
	all := r.view.plugins(k)
	if cur == nil && len(all) >= MaxPlugins {
		return nil, invalid("plugins", "gateway %s already has the maximum of %d plugins", k.ID, MaxPlugins)
	}
	for _, o := range all {
		if o.Name == p.Name && (cur == nil || o.ID != cur.ID) {
			return nil, nameTaken(p.Name)
		}
	}
	return gw, nil
}

// GetPlugin answers one plugin of gateway k.
func (r *Registry) GetPlugin(k gateway.Key, id string) (*Plugin, error) {
	if err := gateway.ValidateKey(k); err != nil {
		return nil, err
	}
	if p := r.view.plugin(k, id); p != nil {
		return p, nil
	}
	if _, err := r.gateways.GetGateway(k); err != nil {
		return nil, err
	}
	return nil, pluginNotFound(k, id)
}

// ListPlugins answers the plugins of an existing gateway in creation order.
func (r *Registry) ListPlugins(k gateway.Key) ([]*Plugin, error) {
	if _, err := r.gateways.GetGateway(k); err != nil {
		return nil, err
	}
	return r.Plugins(k), nil
}

// UpdatePlugin replaces plugin id of gateway k (keeping its id and its
// place in creation order) and answers it as stored. The record switches
// to a new module only once that module was fetched and verified; on any
// failure the plugin keeps running its last good module.
func (r *Registry) UpdatePlugin(ctx context.Context, k gateway.Key, id string, in Input) (*Plugin, error) {
	if in.ID != "" && in.ID != id {
		return nil, invalid("id", "%q differs from the plugin_id of the path", in.ID)
	}
	p, err := Prepare(k, in)
	if err != nil {
		return nil, err
	}
	p.ID = id
	cur, err := r.GetPlugin(k, id)
	if err != nil {
		return nil, err
	}
	if _, err := r.writable(k, p, cur); err != nil {
		return nil, err
	}
	if err := r.resolve(ctx, p, cur); err != nil {
		return nil, err
	}
	val, err := encode(p)
	if err != nil {
		return nil, err
	}
	pk := pluginStoreKey(k, id)
	for range maxAttempts {
		if cur, err = r.GetPlugin(k, id); err != nil {
			return nil, err
		}
		if _, err := r.writable(k, p, cur); err != nil {
			return nil, err
		}
		guards := []store.Cmp{store.Unchanged(pk, cur.Revision)}
		ops := []store.Op{store.Put(pk, val)}
		if p.Name != cur.Name {
			nk := nameStoreKey(k, p.Name)
			guards = append(guards, store.Absent(nk))
			ops = append(ops, store.Delete(nameStoreKey(k, cur.Name)), store.Put(nk, []byte(id)))
		}
		ok, err := r.commit(ctx, guards, ops...)
		if err != nil {
			return nil, err
		}
		if ok {
			return r.GetPlugin(k, id)
		}
	}
	return nil, registry.Conflict("update plugin")
}

// DeletePlugin removes a plugin and frees its name. Its module stays
// stored: other plugins may use it.
func (r *Registry) DeletePlugin(ctx context.Context, k gateway.Key, id string) error {
	for range maxAttempts {
		cur, err := r.GetPlugin(k, id)
		if err != nil {
			return err
		}
		pk := pluginStoreKey(k, id)
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(pk, cur.Revision)},
			store.Delete(pk), store.Delete(nameStoreKey(k, cur.Name)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("delete plugin")
}
