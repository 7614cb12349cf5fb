package translate

import (
	"net"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/naming"
)

// mcpGroup is the group of the pseudo service keys that name the clusters
// of DIRECT (and unresolved) MCP servers. The naming registry refuses '@'
// in a group, so no registered service shares their clusters.
const mcpGroup = "@mcp"

// mcpStreamIdle is how long an MCP stream (SSE, streamable HTTP) may stay
// silent before Envoy closes it: longer than the connection manager's
// default five minutes, as a server may push nothing for a long while,
// but bounded, so abandoned streams end.
const mcpStreamIdle = time.Hour

// mcpDestination answers where an MCP route sends:
//   - a REF server: its naming service, the same cluster (and traffic
//     rules) as a route to that service, following its instances;
//   - a DIRECT server: a cluster of its one address (by DNS when it is a
//     host name);
//   - a server not registered, or without an endpoint: an empty cluster,
//     so Envoy answers 503 until it is registered.
func mcpDestination(snap *index.Snapshot, r *gateway.Route, ep *catalog.MCPEndpoint) *destination {
	m := r.Destination.MCP
	if ep == nil {
		k := naming.ServiceKey{Namespace: m.Namespace, Group: mcpGroup, Name: m.Name}
		return &destination{governed: governed{key: k}}
	}
	if ep.Type == catalog.EndpointRef {
		k := naming.ServiceKey{Namespace: ep.Service.Namespace, Group: ep.Service.Group, Name: ep.Service.Name}
		return &destination{governed: newGoverned(snap, k, snap.Service(k), 0)}
	}
	k := naming.ServiceKey{Namespace: ep.Namespace, Group: mcpGroup, Name: ep.Name + "@" + ep.Version}
	in := &naming.Instance{Service: k, IP: ep.Address, Port: ep.Port, Weight: 1, Enabled: true, Healthy: true}
	d := &destination{governed: governed{key: k, svc: &index.Service{Key: k, Instances: []*naming.Instance{in}}}}
	if net.ParseIP(ep.Address) == nil {
		d.dns = dnsCluster(ClusterName(k, 0), ep.Address, ep.Port)
	}
	return d
}

// dnsCluster is a cluster of one host name, resolved by Envoy.
func dnsCluster(name, host string, port int) *clusterv3.Cluster {
	return &clusterv3.Cluster{
		Name:                 name,
		ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_STRICT_DNS},
		ConnectTimeout:       seconds(5),
		LbPolicy:             clusterv3.Cluster_ROUND_ROBIN,
		LoadAssignment: &endpointv3.ClusterLoadAssignment{ClusterName: name, Endpoints: []*endpointv3.LocalityLbEndpoints{{
			LbEndpoints: []*endpointv3.LbEndpoint{{HostIdentifier: &endpointv3.LbEndpoint_Endpoint{
				Endpoint: &endpointv3.Endpoint{Address: socketAddress(host, uint32(port))},
			}}},
		}}},
	}
}

// mcpAction fills the action of an MCP route: the path rewritten to the
// server's exportPath ("/" when it has none), streamed (streamAction).
func mcpAction(action *routev3.RouteAction, ep *catalog.MCPEndpoint) {
	path := ""
	if ep != nil {
		path = ep.Path
	}
	streamAction(action, path)
}

// streamAction fills the action of a route whose answers stream (MCP, A2A
// message/stream): the prefix rewritten to path ("/" when ""), no overall
// timeout unless the route sets one, and a long idle timeout.
func streamAction(action *routev3.RouteAction, path string) {
	action.PrefixRewrite = "/"
	if path != "" {
		action.PrefixRewrite = path
	}
	if action.Timeout == nil {
		action.Timeout = durationpb.New(0) // none: a stream lasts as long as the session
	}
	action.IdleTimeout = durationpb.New(mcpStreamIdle)
}

// segmentMatch makes an MCP or A2A route's prefix match whole path
// segments: /mcp/a takes /mcp/a and /mcp/a/..., never /mcp/ab (validation
// keeps the prefix free of a trailing '/', '?' and '#', as Envoy requires).
func segmentMatch(rm *routev3.RouteMatch, r *gateway.Route) {
	p := r.Match.Path
	if p.Type == gateway.PathPrefix && p.Value != "/" {
		rm.PathSpecifier = &routev3.RouteMatch_PathSeparatedPrefix{PathSeparatedPrefix: p.Value}
	}
}
