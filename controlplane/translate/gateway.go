package translate

import (
	"fmt"
	"sort"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/naming"
)

// gatewayListenAddress is where gateway listeners bind: every interface,
// as a gateway faces the outside.
const gatewayListenAddress = "0.0.0.0"

// Gateway answers the resources of a gateway node: one listener per
// listener of its gateway object (gateway|<id>|<port>, bound to
// 0.0.0.0:<port>), each with a route configuration of the same name holding
// every route of the gateway (see gatewayHosts for the virtual hosts and
// the route order), and an EDS cluster per destination.
//
// The node names its gateway by causeway.gateway_id; the project is its
// namespace's (public <-> default, gateway.ProjectOfNamespace). A node
// whose gateway does not exist gets nothing rather than a guess.
func Gateway(snap *index.Snapshot, n Node) (*Resources, error) {
	res := &Resources{}
	gw := snap.Gateway(gateway.Key{Project: gateway.ProjectOfNamespace(n.Namespace), ID: n.GatewayID})
	if n.GatewayID == "" || gw == nil {
		return res, nil
	}
	dests := gatewayDestinations(snap, gw)
	mapped := http2rpcRoutes(gw, n.HTTP2RPCSeal)
	hosts, err := gatewayHosts(gw.Routes, dests, mapped)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", gw.Gateway.ID, err)
	}
	plugins, extensions, fetch, err := gatewayPlugins(gw, n.HTTPAddress)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", gw.Gateway.ID, err)
	}
	for _, l := range gw.Gateway.Listeners {
		name := gatewayName(gw.Gateway.ID, l.Port)
		listener, err := httpListener(name, gatewayListenAddress, uint32(l.Port), name, true, plugins)
		if err != nil {
			return nil, err
		}
		res.Listeners = append(res.Listeners, listener)
		res.Routes = append(res.Routes, &routev3.RouteConfiguration{
			Name: name, VirtualHosts: hosts, ValidateClusters: wrapBool(false),
			MaxDirectResponseBodySizeBytes: directResponseLimit(hosts),
		})
	}
	sort.Slice(res.Listeners, func(i, j int) bool { return res.Listeners[i].Name < res.Listeners[j].Name })
	sort.Slice(res.Routes, func(i, j int) bool { return res.Routes[i].Name < res.Routes[j].Name })
	res.Clusters, res.Endpoints = dests.resources()
	if fetch != nil {
		res.Clusters = append(res.Clusters, fetch)
	}
	if len(mapped) > 0 {
		bridge, err := causewayCluster(bridgeCluster, n.HTTP2RPCAddress)
		if err != nil {
			return nil, fmt.Errorf("gateway %s: %w", gw.Gateway.ID, err)
		}
		res.Clusters = append(res.Clusters, bridge)
	}
	res.Extensions = extensions
	return res, res.Validate()
}

func gatewayName(id string, port int) string { return fmt.Sprintf("gateway|%s|%d", id, port) }

// destination is where a route sends: a service (or its instances on one
// port), with the rules that govern its traffic.
type destination struct {
	governed
	// dns, when set, is the whole of a destination Envoy resolves itself
	// (an MCP server at a host name).
	dns *clusterv3.Cluster
}

// destinations are a gateway's destinations, by route id and by cluster
// name, and the MCP servers of its MCP routes and the agent cards of its
// A2A routes, by route id.
type destinations struct {
	byRoute   map[string]*destination
	byCluster map[string]*destination
	mcp       map[string]*catalog.MCPEndpoint
	a2a       map[string]*catalog.AgentCard
}

// catalogDestination answers the destination of a route to an MCP server
// or an A2A agent, nil for a route to a service.
func catalogDestination(snap *index.Snapshot, gw *index.Gateway, r *gateway.Route) *destination {
	switch {
	case r.Destination.MCP != nil:
		return mcpDestination(snap, r, gw.MCP[r.ID])
	case r.Destination.A2A != nil:
		return a2aDestination(r, gw.A2A[r.ID])
	}
	return nil
}

// gatewayDestinations resolves every route's destination: the service's
// whole pool of instances, or those on the route's port when it names one
// (see addressedPort). A service without instances (or not registered at
// all) still gets its cluster, with no endpoints, so Envoy answers 503
// until instances come.
func gatewayDestinations(snap *index.Snapshot, gw *index.Gateway) destinations {
	d := destinations{byRoute: map[string]*destination{}, byCluster: map[string]*destination{}, mcp: gw.MCP, a2a: gw.A2A}
	for _, r := range gw.Routes {
		if md := catalogDestination(snap, gw, r); md != nil {
			name := md.cluster()
			if d.byCluster[name] == nil {
				d.byCluster[name] = md
			}
			d.byRoute[r.ID] = d.byCluster[name]
			continue
		}
		k := naming.ServiceKey{Namespace: r.Destination.Namespace, Group: r.Destination.Group, Name: r.Destination.Service}
		svc := snap.Service(k)
		port := addressedPort(svc, r.Destination.Port)
		name := ClusterName(k, port)
		if d.byCluster[name] == nil {
			d.byCluster[name] = &destination{governed: newGoverned(snap, k, svc, port)}
		}
		d.byRoute[r.ID] = d.byCluster[name]
	}
	return d
}

// resources answers the clusters and their endpoints, sorted by name.
func (d destinations) resources() ([]*clusterv3.Cluster, []*endpointv3.ClusterLoadAssignment) {
	names := make([]string, 0, len(d.byCluster))
	for name := range d.byCluster {
		names = append(names, name)
	}
	sort.Strings(names)
	var clusters []*clusterv3.Cluster
	var endpoints []*endpointv3.ClusterLoadAssignment
	for _, name := range names {
		if dns := d.byCluster[name].dns; dns != nil {
			clusters = append(clusters, dns)
			continue
		}
		c, e := d.byCluster[name].clusters()
		clusters = append(clusters, c...)
		endpoints = append(endpoints, e...)
	}
	return clusters, endpoints
}
