package http2rpc

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// Create stores a new mapping of gateway k and answers it.
func (r *Registry) Create(ctx context.Context, k gateway.Key, in Mapping) (*Mapping, error) {
	in.ID = registry.NewID()
	return r.write(ctx, k, &in, nil)
}

// Update replaces mapping id of gateway k.
func (r *Registry) Update(ctx context.Context, k gateway.Key, id string, in Mapping) (*Mapping, error) {
	cur := r.view.get(k, id)
	if cur == nil {
		return nil, notFound(k, id)
	}
	in.ID = id
	return r.write(ctx, k, &in, cur)
}

// write checks m against the gateway and its other mappings and stores it
// with the gateway's marker, retrying when another write got there first.
func (r *Registry) write(ctx context.Context, k gateway.Key, m *Mapping, cur *Mapping) (*Mapping, error) {
	if m.GatewayID != "" && m.GatewayID != k.ID {
		return nil, registry.FieldErrorf(registry.KindInvalid, "gatewayId", "gatewayId: %q differs from the gateway_id of the path", m.GatewayID)
	}
	m.GatewayID = k.ID
	if _, err := r.routes.GetGateway(k); err != nil {
		return nil, err
	}
	if err := normalize(m); err != nil {
		return nil, err
	}
	val, err := json.Marshal(m)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "encode mapping: %v", err)
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		gw, rt, err := r.target(k, m)
		if err != nil {
			return nil, err
		}
		others, marker := r.view.list(k)
		if err := checkClaims(m, others); err != nil {
			return nil, err
		}
		// The gateway and route were read from this node's views, which
		// may lag a change made on another node: the store checks them.
		guards := []store.Cmp{store.Unchanged(markerKey(k), marker), gateway.SameGateway(gw), gateway.SameRoute(rt)}
		if cur != nil {
			guards = append(guards, store.Unchanged(mappingKey(k, m.ID), cur.Revision))
		}
		ok, err := r.commit(ctx, guards, store.Put(mappingKey(k, m.ID), val), store.Put(markerKey(k), []byte("1")))
		if err != nil {
			return nil, err
		}
		if ok {
			return r.view.get(k, m.ID), nil
		}
		if cur != nil {
			if cur = r.view.get(k, m.ID); cur == nil {
				return nil, notFound(k, m.ID)
			}
		}
	}
	return nil, registry.Conflict("write http2rpc mapping")
}

// target answers the gateway and route m is written to, as this node's
// gateway view has them, after checking m fits the route.
func (r *Registry) target(k gateway.Key, m *Mapping) (*gateway.Gateway, *gateway.Route, error) {
	gw, err := r.routes.GetGateway(k)
	if err != nil {
		return nil, nil, err
	}
	rt, err := r.routes.GetRouteByName(k, m.RouteName)
	if err != nil {
		if registry.KindOf(err) == registry.KindInternal {
			return nil, nil, err
		}
		return nil, nil, registry.FieldErrorf(registry.KindInvalid, "routeName", "routeName: %v", err)
	}
	if err := withinRoute(m, rt); err != nil {
		return nil, nil, err
	}
	return gw, rt, nil
}

// checkClaims refuses a mapping that takes an HTTP method and path another
// mapping of the gateway takes: Envoy would send the request to only one.
func checkClaims(m *Mapping, others []*Mapping) error {
	mine, err := claims(m)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID == m.ID {
			continue
		}
		theirs, err := claims(o)
		if err != nil {
			continue // stored before today's rules; it cannot clash
		}
		for pair, path := range mine {
			if _, taken := theirs[pair]; taken {
				return registry.FieldErrorf(registry.KindInvalid, "dubbo.methods",
					"dubbo.methods: %s is already mapped by %q (%s)", pair[:len(pair)-len(path)-1]+" "+path, o.Name, o.ID)
			}
		}
	}
	return nil
}

// Get answers one mapping.
func (r *Registry) Get(k gateway.Key, id string) (*Mapping, error) {
	if m := r.view.get(k, id); m != nil {
		return m, nil
	}
	return nil, notFound(k, id)
}

// Delete removes a mapping.
func (r *Registry) Delete(ctx context.Context, k gateway.Key, id string) error {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.get(k, id)
		if cur == nil {
			return notFound(k, id)
		}
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(mappingKey(k, id), cur.Revision)},
			store.Delete(mappingKey(k, id)), store.Put(markerKey(k), []byte("1")))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("delete http2rpc mapping")
}

func notFound(k gateway.Key, id string) error {
	return registry.Errorf(registry.KindNotFound, "http2rpc %s of gateway %s does not exist", id, k.ID)
}

// withinRoute refuses a method path the route itself would not take: the
// mapping maps the route's requests, not others.
func withinRoute(m *Mapping, rt *gateway.Route) error {
	for i, dm := range m.Dubbo.Methods {
		t, err := ParseTemplate(dm.HTTPPath)
		if err != nil {
			return err
		}
		if example := t.Example(); !routeTakes(rt, example) {
			return registry.FieldErrorf(registry.KindInvalid, "dubbo.methods",
				"dubbo.methods[%d].httpPath: %s is outside route %s (%s %s)", i, dm.HTTPPath, rt.Name, rt.Match.Path.Type, rt.Match.Path.Value)
		}
	}
	return nil
}

func routeTakes(rt *gateway.Route, path string) bool {
	p := rt.Match.Path
	switch p.Type {
	case gateway.PathExact:
		return path == p.Value
	case gateway.PathRegex:
		re, err := regexp.Compile("^(?:" + p.Value + ")$")
		return err == nil && re.MatchString(path)
	}
	return strings.HasPrefix(path, p.Value)
}
