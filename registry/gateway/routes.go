package gateway

import (
	"context"
	"fmt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// CreateRoute stores a new route of an existing gateway under a fresh id
// and answers it as stored. Route names are unique per gateway.
func (r *Registry) CreateRoute(ctx context.Context, k Key, in Route) (*Route, error) {
	if in.ID != "" {
		return nil, invalid("id", "is assigned by the server; leave it out")
	}
	rt, err := prepareRoute(k, in)
	if err != nil {
		return nil, err
	}
	rt.ID = registry.NewID()
	for range maxAttempts {
		gw, routes := r.view.gateway(k)
		if gw == nil {
			return nil, gatewayNotFound(k)
		}
		if len(routes) >= MaxRoutes {
			return nil, invalid("routes", "gateway %s already has the maximum of %d routes", k.ID, MaxRoutes)
		}
		if err := nameFree(routes, rt); err != nil {
			return nil, err
		}
		val, err := encode(rt)
		if err != nil {
			return nil, err
		}
		rk, nk := routeStoreKey(k, rt.ID), nameStoreKey(k, rt.Name)
		ok, err := r.commit(ctx, []store.Cmp{SameGateway(gw), store.Absent(nk), store.Absent(rk)},
			store.Put(rk, val), store.Put(nk, []byte(rt.ID)))
		if err != nil {
			return nil, err
		}
		if ok {
			return r.GetRoute(k, rt.ID)
		}
	}
	return nil, registry.Conflict("create route")
}

// UpdateRoute replaces a route (keeping its id and its place in creation
// order) and answers it as stored.
func (r *Registry) UpdateRoute(ctx context.Context, k Key, id string, in Route) (*Route, error) {
	if in.ID != "" && in.ID != id {
		return nil, invalid("id", "%q differs from the route id of the path", in.ID)
	}
	rt, err := prepareRoute(k, in)
	if err != nil {
		return nil, err
	}
	rt.ID = id
	for range maxAttempts {
		gw, cur, routes, err := r.current(k, id)
		if err != nil {
			return nil, err
		}
		if err := nameFree(routes, rt); err != nil {
			return nil, err
		}
		guards, ops, err := updateTxn(gw, cur, rt)
		if err != nil {
			return nil, err
		}
		ok, err := r.commit(ctx, guards, ops...)
		if err != nil {
			return nil, err
		}
		if ok {
			return r.GetRoute(k, id)
		}
	}
	return nil, registry.Conflict("update route")
}

// updateTxn writes the new route over cur; a rename moves its name record.
func updateTxn(gw *Gateway, cur, next *Route) ([]store.Cmp, []store.Op, error) {
	val, err := encode(next)
	if err != nil {
		return nil, nil, err
	}
	k := gw.Key()
	rk := routeStoreKey(k, cur.ID)
	guards := []store.Cmp{SameGateway(gw), store.Unchanged(rk, cur.Revision)}
	ops := []store.Op{store.Put(rk, val)}
	if next.Name != cur.Name {
		nk := nameStoreKey(k, next.Name)
		guards = append(guards, store.Absent(nk))
		ops = append(ops, store.Delete(nameStoreKey(k, cur.Name)), store.Put(nk, []byte(cur.ID)))
	}
	return guards, ops, nil
}

// DeleteRoute removes a route and frees its name.
func (r *Registry) DeleteRoute(ctx context.Context, k Key, id string) error {
	for range maxAttempts {
		_, cur, _, err := r.current(k, id)
		if err != nil {
			return err
		}
		rk := routeStoreKey(k, id)
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(rk, cur.Revision)},
			store.Delete(rk), store.Delete(nameStoreKey(k, cur.Name)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("delete route")
}

// GetRoute answers one route of a gateway.
func (r *Registry) GetRoute(k Key, id string) (*Route, error) {
	_, cur, _, err := r.current(k, id)
	return cur, err
}

// GetRouteByName answers the route of a gateway with that name; later
// features (http2rpc routeName) refer to routes this way.
func (r *Registry) GetRouteByName(k Key, name string) (*Route, error) {
	routes, err := r.ListRoutes(k)
	if err != nil {
		return nil, err
	}
	for _, rt := range routes {
		if rt.Name == name {
			return rt, nil
		}
	}
	return nil, registry.Errorf(registry.KindNotFound, "route named %s does not exist in gateway %s", name, k.ID)
}

// ListRoutes answers the routes of a gateway in creation order.
func (r *Registry) ListRoutes(k Key) ([]*Route, error) {
	if err := ValidateKey(k); err != nil {
		return nil, err
	}
	gw, routes := r.view.gateway(k)
	if gw == nil {
		return nil, gatewayNotFound(k)
	}
	return routes, nil
}

// Warnings answers what is doubtful but allowed about a route: today, a
// destination service that is not registered (yet). Envoy answers 503 for
// such a route until the service has instances.
func (r *Registry) Warnings(rt *Route) []string {
	d := rt.Destination
	if d.MCP != nil {
		return r.mcpWarnings(d.MCP)
	}
	if d.A2A != nil {
		return r.a2aWarnings(d.A2A)
	}
	if r.opts.Services == nil || r.opts.Services.ServiceExists(d.Namespace, d.Group, d.Service) {
		return nil
	}
	return []string{fmt.Sprintf("destination.service: service %s@@%s does not exist in namespace %s (yet); "+
		"the route answers 503 until it has instances", d.Group, d.Service, d.Namespace)}
}

// current answers a route with its gateway and the gateway's routes.
func (r *Registry) current(k Key, id string) (*Gateway, *Route, []*Route, error) {
	if err := ValidateKey(k); err != nil {
		return nil, nil, nil, err
	}
	gw, routes := r.view.gateway(k)
	if gw == nil {
		return nil, nil, nil, gatewayNotFound(k)
	}
	for _, rt := range routes {
		if rt.ID == id {
			return gw, rt, routes, nil
		}
	}
	return nil, nil, nil, routeNotFound(k, id)
}

// prepareRoute answers a validated copy of in for gateway k; the caller's
// slices are left alone.
func prepareRoute(k Key, in Route) (*Route, error) {
	if err := ValidateKey(k); err != nil {
		return nil, err
	}
	rt := cloneRoute(in)
	if err := ValidateRoute(rt); err != nil {
		return nil, err
	}
	rt.Gateway = k
	return rt, nil
}

func cloneRoute(in Route) *Route {
	rt := in
	rt.Domains = append([]string(nil), in.Domains...)
	rt.Match.Methods = append([]string(nil), in.Match.Methods...)
	rt.Match.Headers = append([]HeaderMatch(nil), in.Match.Headers...)
	if in.Rewrite != nil {
		rw := *in.Rewrite
		rt.Rewrite = &rw
	}
	if in.Destination.MCP != nil {
		ref := *in.Destination.MCP
		rt.Destination.MCP = &ref
	}
	if in.Destination.A2A != nil {
		ref := *in.Destination.A2A
		rt.Destination.A2A = &ref
	}
	return &rt
}

// nameFree refuses a name another route of the gateway holds.
func nameFree(routes []*Route, rt *Route) error {
	for _, other := range routes {
		if other.Name == rt.Name && other.ID != rt.ID {
			return &registry.Error{Kind: registry.KindConflict, Field: "name",
				Msg: fmt.Sprintf("name: route %s of gateway %s is already named %q", other.ID, rt.Gateway.ID, rt.Name)}
		}
	}
	return nil
}

// SameGateway guards that the gateway still exists and is the same one (not
// deleted and created again under its id). A registry that keeps records
// of a gateway (plugins, mappings) puts it on their writes: its check of
// the gateway read a view that may lag a deletion on another node.
func SameGateway(gw *Gateway) store.Cmp {
	return store.Cmp{Key: gatewayStoreKey(gw.Key()), Target: store.CmpCreateRevision, Rev: gw.Created}
}

// SameRoute guards that the route is still as read (a record checked
// against the route is written only while the route has not changed).
func SameRoute(rt *Route) store.Cmp {
	return store.Unchanged(routeStoreKey(rt.Gateway, rt.ID), rt.Revision)
}
