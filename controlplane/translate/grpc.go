package translate

import (
	"fmt"

	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
)

// GRPC answers the resources of a proxyless gRPC client: for each service
// in its scope an API listener named as the client's target names it
// (xds:///orders asks for "orders"; the full name orders.group.namespace
// works too), its route configuration and the EDS cluster of the service's
// whole pool of instances. The client asks only for the listeners it dials,
// so the others cost nothing on the wire.
func GRPC(snap *index.Snapshot, n Node) (*Resources, error) {
	res := &Resources{}
	for _, svc := range snap.Services(n.Namespace, n.App) {
		g := newGoverned(snap, svc.Key, svc, 0)
		g.grpc = true
		clusters, endpoints := g.clusters()
		res.Clusters = append(res.Clusters, clusters...)
		res.Endpoints = append(res.Endpoints, endpoints...)
		routeName := "grpc|" + hostName(svc.Key)
		rc, err := grpcRoutes(routeName, g)
		if err != nil {
			return nil, err
		}
		res.Routes = append(res.Routes, rc)
		for _, target := range []string{svc.Key.Name, hostName(svc.Key)} {
			l, err := apiListener(target, routeName)
			if err != nil {
				return nil, err
			}
			res.Listeners = append(res.Listeners, l)
		}
	}
	return res, res.Validate()
}

// grpcRoutes sends every call for the service's names to it, by its
// traffic rules. gRPC matches the virtual host on the target's authority.
func grpcRoutes(name string, g governed) (*routev3.RouteConfiguration, error) {
	vh, err := g.virtualHost()
	if err != nil {
		return nil, fmt.Errorf("grpc %s: %w", g.key, err)
	}
	return &routev3.RouteConfiguration{Name: name, VirtualHosts: []*routev3.VirtualHost{vh}}, nil
}

// apiListener is a listener with no address: gRPC reads its connection
// manager for the route configuration to use.
func apiListener(name, routeConfig string) (*listenerv3.Listener, error) {
	manager, err := connectionManager(name, routeConfig, true, false)
	if err != nil {
		return nil, fmt.Errorf("api listener %s: %w", name, err)
	}
	return &listenerv3.Listener{Name: name, ApiListener: &listenerv3.ApiListener{ApiListener: manager}}, nil
}
