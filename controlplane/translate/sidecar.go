package translate

import (
	"fmt"
	"sort"
	"strconv"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Sidecar answers the resources of a sidecar: one outbound HTTP listener
// whose route configuration has a virtual host per service in the node's
// namespace and group, and an EDS cluster for each (see SidecarService).
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

	// built is what the assignments were made of, in wire form, for the
	// next translation of the service (nil: plain protos, SidecarService);
	// invalid is what failed the checks as they were built.
	built   *built
	invalid []error
}

// InSidecarScope reports whether a sidecar sees service k.
func InSidecarScope(k naming.ServiceKey, n Node) bool {
	return k.Namespace == n.Namespace && k.Group == n.App
}

// SidecarService answers one service's part of a sidecar's resources. A
// Nacos or ServiceComb service is one pool of instances, each at its own
// ip:port: the service's names (orders, orders.group, orders.group.ns,
// bare or with the sidecar's own port) reach every instance of the pool,
// by its traffic rules. When the instances listen on several ports, a name
// with one of them (orders:8081) reaches the instances on that port only;
// with a single port it is one more name of the pool.
func SidecarService(snap *index.Snapshot, svc *index.Service, n Node) (*SidecarPart, error) {
	return sidecarService(snap, svc, n, nil)
}

// SidecarServiceFrom is SidecarService with its endpoint assignments in
// wire form (see assigner), taking from prev, the service's last validated
// part of this kind (nil: none), every assignment whose instances did not
// change and every endpoint of an unchanged instance: one instance change
// in a large service builds the assignments that hold it, of the
// endpoints one, and checks only what is new. The answer marshals to what
// SidecarService's does; nothing in it is ever modified.
func SidecarServiceFrom(snap *index.Snapshot, svc *index.Service, n Node, prev *SidecarPart) (*SidecarPart, error) {
	var from *built
	if prev != nil {
		from = prev.built
	}
	a := newAssigner(from)
	p, err := sidecarService(snap, svc, n, a)
	if p != nil {
		p.built, p.invalid = a.next, a.invalid
	}
	return p, err
}

// sidecarService builds a part, its assignments with a (nil: plain).
func sidecarService(snap *index.Snapshot, svc *index.Service, n Node, a *assigner) (*SidecarPart, error) {
	p := &SidecarPart{}
	add := func(port int, extra []string) error {
		g := newGoverned(snap, svc.Key, svc, port)
		g.assign = a
		clusters, endpoints := g.clusters()
		p.Clusters = append(p.Clusters, clusters...)
		p.Endpoints = append(p.Endpoints, endpoints...)
		vh, err := g.virtualHost()
		if err != nil {
			return fmt.Errorf("service %s: %w", svc.Key, err)
		}
		vh.Domains = append(vh.Domains, extra...)
		p.Hosts = append(p.Hosts, vh)
		return nil
	}
	svcPorts := ports(svc.Instances)
	poolPorts := []int{int(n.OutboundPort)}
	if len(svcPorts) == 1 && svcPorts[0] != int(n.OutboundPort) {
		poolPorts = append(poolPorts, svcPorts[0])
	}
	if err := add(0, portDomains(svc.Key, poolPorts...)); err != nil {
		return nil, err
	}
	if len(svcPorts) < 2 {
		return p, nil
	}
	for _, port := range svcPorts {
		if port == int(n.OutboundPort) {
			continue // the sidecar's own port names the pool
		}
		if err := add(port, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Validate checks a part on its own; the frame around it is checked once.
func (p *SidecarPart) Validate() error {
	for _, c := range p.Clusters {
		if err := c.ValidateAll(); err != nil {
			return fmt.Errorf("cluster %s: %w", c.GetName(), err)
		}
	}
	if err := p.validateAssignments(); err != nil {
		return err
	}
	cla := map[string]bool{}
	for _, e := range p.Endpoints {
		cla[e.GetClusterName()] = true
	}
	for _, c := range p.Clusters {
		if c.GetType() == clusterv3.Cluster_EDS && !cla[edsName(c)] {
			return fmt.Errorf("cluster %s has no endpoints", c.GetName())
		}
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

// ClusterName is the cluster of a service's instances: on every port (the
// pool, port 0), or on the one port a client addressed, e.g.
// outbound|||orders.DEFAULT_GROUP.public and outbound|8081||orders.DEFAULT_GROUP.public.
func ClusterName(k naming.ServiceKey, port int) string { return SubsetClusterName(k, port, "") }

func hostName(k naming.ServiceKey) string { return k.Name + "." + k.Group + "." + k.Namespace }

// portLabel is a port as cluster and virtual host names show it: none for
// the pool.
func portLabel(port int) string {
	if port == 0 {
		return ""
	}
	return strconv.Itoa(port)
}

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

// virtualHost routes the service's names to it by its traffic rules: every
// name for the pool, each name with the port for one port.
func (g governed) virtualHost() (*routev3.VirtualHost, error) {
	domains := serviceNames(g.key)
	name := hostName(g.key)
	if g.port != 0 {
		domains = portDomains(g.key, g.port)
		name += ":" + portLabel(g.port)
	}
	routes, err := g.routes("", &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}}, &routev3.RouteAction{})
	if err != nil {
		return nil, err
	}
	return &routev3.VirtualHost{Name: name, Domains: domains, Routes: routes}, nil
}

// portDomains are the service's names with each of the ports.
func portDomains(k naming.ServiceKey, portList ...int) []string {
	var out []string
	for _, port := range portList {
		for _, d := range serviceNames(k) {
			out = append(out, d+":"+strconv.Itoa(port))
		}
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
