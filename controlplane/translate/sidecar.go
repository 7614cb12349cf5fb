package translate

import (
	"fmt"
	"sort"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Sidecar answers the resources of a sidecar: one outbound HTTP listener
// whose route configuration has a virtual host per (service, port) in the
// node's namespace and group, and an EDS cluster for each.
func Sidecar(snap *index.Snapshot, n Node) (*Resources, error) {
	res := &Resources{}
	var hosts []*routev3.VirtualHost
	for _, svc := range snap.Services(n.Namespace, n.App) {
		p, err := SidecarService(snap, svc, n)
		if err != nil {
			return nil, err
		}
		res.Clusters = append(res.Clusters, p.Clusters...)
		res.Endpoints = append(res.Endpoints, p.Endpoints...)
		hosts = append(hosts, p.Hosts...)
	}
	l, rc, err := SidecarFrame(n, hosts)
	if err != nil {
		return nil, err
	}
	res.Listeners, res.Routes = []*listenerv3.Listener{l}, []*routev3.RouteConfiguration{rc}
	return res, res.Validate()
}

// SidecarPart is what one service contributes to a sidecar: translated on
// its own, so that a change to one service costs that service only.
type SidecarPart struct {
	Clusters  []*clusterv3.Cluster
	Endpoints []*endpointv3.ClusterLoadAssignment
	Hosts     []*routev3.VirtualHost
}

// InSidecarScope reports whether a sidecar sees service k.
func InSidecarScope(k naming.ServiceKey, n Node) bool {
	return k.Namespace == n.Namespace && k.Group == n.App
}

// SidecarService answers one service's part of a sidecar's resources:
// per instance port, the service's clusters (with the subsets its route
// rules name) and a virtual host whose routes carry its traffic rules.
func SidecarService(snap *index.Snapshot, svc *index.Service, n Node) (*SidecarPart, error) {
	p := &SidecarPart{}
	svcPorts := ports(svc.Instances)
	for i, port := range svcPorts {
		g := newGoverned(snap, svc.Key, svc, port)
		clusters, endpoints := g.clusters()
		p.Clusters = append(p.Clusters, clusters...)
		p.Endpoints = append(p.Endpoints, endpoints...)
		vh, err := g.virtualHost()
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", svc.Key, err)
		}
		if i == 0 {
			vh.Domains = append(vh.Domains, bareDomains(svc.Key, n.OutboundPort, svcPorts)...)
		}
		p.Hosts = append(p.Hosts, vh)
	}
	return p, nil
}

// Validate checks a part on its own; the frame around it is checked once.
func (p *SidecarPart) Validate() error {
	r := &Resources{Clusters: p.Clusters, Endpoints: p.Endpoints}
	if err := r.Validate(); err != nil {
		return err
	}
	for _, vh := range p.Hosts {
		if err := vh.ValidateAll(); err != nil {
			return fmt.Errorf("virtual host %s: %w", vh.GetName(), err)
		}
	}
	return nil
}

// SidecarFrame answers the outbound listener and its route configuration
// holding hosts.
func SidecarFrame(n Node, hosts []*routev3.VirtualHost) (*listenerv3.Listener, *routev3.RouteConfiguration, error) {
	name := outboundName(n.OutboundPort)
	rc := &routev3.RouteConfiguration{Name: name, VirtualHosts: hosts, ValidateClusters: wrapBool(false)}
	l, err := httpListener(name, n.OutboundAddress, n.OutboundPort, name, false, nil)
	return l, rc, err
}

func outboundName(port uint32) string { return fmt.Sprintf("outbound|%d", port) }

// ClusterName is the cluster of a service's instances on one port.
func ClusterName(k naming.ServiceKey, port int) string {
	return fmt.Sprintf("outbound|%d||%s", port, hostName(k))
}

func hostName(k naming.ServiceKey) string { return k.Name + "." + k.Group + "." + k.Namespace }

// ports answers the distinct instance ports of a service, lowest first.
func ports(instances []*naming.Instance) []int {
	seen := map[int]bool{}
	var out []int
	for _, in := range instances {
		if !seen[in.Port] {
			seen[in.Port] = true
			out = append(out, in.Port)
		}
	}
	sort.Ints(out)
	return out
}

// virtualHost routes a service's names on one port (every name on port
// 0) to it, by its traffic rules.
func (g governed) virtualHost() (*routev3.VirtualHost, error) {
	var domains []string
	for _, d := range serviceNames(g.key) {
		if g.port == 0 {
			domains = append(domains, d)
			continue
		}
		domains = append(domains, fmt.Sprintf("%s:%d", d, g.port))
	}
	routes, err := g.routes("", &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}}, &routev3.RouteAction{})
	if err != nil {
		return nil, err
	}
	return &routev3.VirtualHost{Name: fmt.Sprintf("%s:%d", hostName(g.key), g.port), Domains: domains, Routes: routes}, nil
}

// bareDomains are the names a client uses for the service rather than one
// of its ports: without a port, or with the sidecar's own port (a client
// that talks to the sidecar directly). They go to the lowest port.
func bareDomains(k naming.ServiceKey, outboundPort uint32, svcPorts []int) []string {
	names := serviceNames(k)
	out := append([]string(nil), names...)
	for _, p := range svcPorts {
		if uint32(p) == outboundPort {
			return out // the port variant already belongs to that port's host
		}
	}
	for _, d := range names {
		out = append(out, fmt.Sprintf("%s:%d", d, outboundPort))
	}
	return out
}

func serviceNames(k naming.ServiceKey) []string {
	return []string{k.Name, k.Name + "." + k.Group, hostName(k)}
}

func edsCluster(name string) *clusterv3.Cluster {
	return &clusterv3.Cluster{
		Name:                 name,
		ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: clusterv3.Cluster_EDS},
		EdsClusterConfig:     &clusterv3.Cluster_EdsClusterConfig{EdsConfig: adsSource(), ServiceName: name},
		ConnectTimeout:       seconds(5),
		LbPolicy:             clusterv3.Cluster_ROUND_ROBIN,
		// Envoy keeps the last endpoints it had when a cluster briefly has
		// none; the registry's view is the truth, so it applies as is.
		IgnoreHealthOnHostRemoval: true,
		// Unhealthy instances get no traffic: Envoy's default panic mode
		// would send traffic to every host once half are unhealthy.
		CommonLbConfig: &clusterv3.Cluster_CommonLbConfig{HealthyPanicThreshold: &typev3.Percent{Value: 0}},
	}
}
