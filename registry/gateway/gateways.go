package gateway

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// PutGateway creates or replaces a gateway (its listeners; its routes
// stay) and answers it as stored.
func (r *Registry) PutGateway(ctx context.Context, g Gateway) (*Gateway, error) {
	k := g.Key()
	if err := ValidateKey(k); err != nil {
		return nil, err
	}
	g.Listeners = append([]Listener(nil), g.Listeners...) // validation normalises them
	if err := ValidateGateway(&g); err != nil {
		return nil, err
	}
	val, err := encode(&g)
	if err != nil {
		return nil, err
	}
	key := gatewayStoreKey(k)
	for range maxAttempts {
		guard := store.Absent(key)
		if cur, _ := r.view.gateway(k); cur != nil {
			guard = store.Unchanged(key, cur.Revision)
		}
		ok, err := r.commit(ctx, []store.Cmp{guard}, store.Put(key, val))
		if err != nil {
			return nil, err
		}
		if ok {
			if cur, _ := r.view.gateway(k); cur != nil {
				return cur, nil
			}
		}
	}
	return nil, registry.Conflict("put gateway")
}

// GetGateway answers a gateway.
func (r *Registry) GetGateway(k Key) (*Gateway, error) {
	if err := ValidateKey(k); err != nil {
		return nil, err
	}
	g, _ := r.view.gateway(k)
	if g == nil {
		return nil, gatewayNotFound(k)
	}
	return g, nil
}

// ListGateways answers the gateways of a project, sorted by id. The seed
// has no such route; the console and the CLI need one to show what exists.
func (r *Registry) ListGateways(project string) ([]*Gateway, error) {
	if !projectPattern.MatchString(project) {
		return nil, invalid("project_id", "must be 1-64 letters, digits, '.', '_' or '-'")
	}
	var out []*Gateway
	for _, k := range r.view.keys() {
		if k.Project != project {
			continue
		}
		if g, _ := r.view.gateway(k); g != nil {
			out = append(out, g)
		}
	}
	return out, nil
}

// DeleteGateway removes a gateway with all its routes and its dependents'
// records (see AddDependent), in one transaction.
func (r *Registry) DeleteGateway(ctx context.Context, k Key) error {
	if err := ValidateKey(k); err != nil {
		return err
	}
	key := gatewayStoreKey(k)
	for range maxAttempts {
		cur, _ := r.view.gateway(k)
		if cur == nil {
			return gatewayNotFound(k)
		}
		ops := append([]store.Op{store.DeletePrefix(routesPrefixOf(k)), store.DeletePrefix(namesPrefixOf(k)), store.Delete(key)},
			r.dependentOps(k)...)
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(key, cur.Revision)}, ops...)
		if err != nil {
			return err
		}
		if ok {
			return r.waitDependents(ctx)
		}
	}
	return registry.Conflict("delete gateway")
}
