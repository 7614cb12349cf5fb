package translate

import (
	"fmt"
	"sort"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Sidecar answers the resources of a sidecar: one outbound HTTP listener
// whose route configuration has a virtual host per (service, port) in the
// node's namespace and group, and an EDS cluster for each.
func Sidecar(snap *index.Snapshot, n Node) (*Resources, error) {
	res := &Resources{}
	name := outboundName(n.OutboundPort)
	var hosts []*routev3.VirtualHost
	for _, svc := range snap.Services(n.Namespace, n.App) {
		svcPorts := ports(svc.Instances)
		for i, port := range svcPorts {
			cluster := ClusterName(svc.Key, port)
			res.Clusters = append(res.Clusters, edsCluster(cluster))
			res.Endpoints = append(res.Endpoints, loadAssignment(cluster, svc.Instances, port))
			vh := virtualHost(svc.Key, port, cluster)
			if i == 0 {
				vh.Domains = append(vh.Domains, bareDomains(svc.Key, n.OutboundPort, svcPorts)...)
			}
			hosts = append(hosts, vh)
		}
	}
	res.Routes = []*routev3.RouteConfiguration{{Name: name, VirtualHosts: hosts, ValidateClusters: wrapBool(false)}}
	l, err := httpListener(name, n.OutboundAddress, n.OutboundPort, name)
	if err != nil {
		return nil, err
	}
	res.Listeners = append(res.Listeners, l)
	return res, res.Validate()
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

// virtualHost routes a service's names on one port to its cluster there.
func virtualHost(k naming.ServiceKey, port int, cluster string) *routev3.VirtualHost {
	var domains []string
	for _, d := range serviceNames(k) {
		domains = append(domains, fmt.Sprintf("%s:%d", d, port))
	}
	return &routev3.VirtualHost{
		Name:    fmt.Sprintf("%s:%d", hostName(k), port),
		Domains: domains,
		Routes: []*routev3.Route{{
			Match: &routev3.RouteMatch{PathSpecifier: &routev3.RouteMatch_Prefix{Prefix: "/"}},
			Action: &routev3.Route_Route{Route: &routev3.RouteAction{
				ClusterSpecifier: &routev3.RouteAction_Cluster{Cluster: cluster},
			}},
		}},
	}
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
	}
}
