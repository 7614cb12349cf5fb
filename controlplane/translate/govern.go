package translate

import (
	"fmt"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// governed is one service with the rules that govern the traffic to it:
// the clusters its traffic may go to and the routes that choose among
// them. Sidecars, gateways and gRPC clients all build their routes to a
// service from it, so a rule means the same everywhere. Port 0 is the
// whole pool of instances, whatever their ports; another port narrows it
// to the instances on that port, for a client that addressed one.
type governed struct {
	key   naming.ServiceKey
	svc   *index.Service // nil: not registered (yet)
	port  int
	rules *governance.Applied // nil: none
	grpc  bool                // for a proxyless gRPC client: what grpc-go supports
	// assign, when set, builds the endpoint assignments reusing an earlier
	// translation's (sidecar parts); nil builds them anew.
	assign *assigner
}

func newGoverned(snap *index.Snapshot, k naming.ServiceKey, svc *index.Service, port int) governed {
	g := governed{key: k, svc: svc, port: port}
	if svc != nil {
		g.rules = snap.Applied(svc)
	}
	return g
}

func (g governed) cluster() string { return ClusterName(g.key, g.port) }

// clusters answers the service's cluster and one per subset its route
// rules name, each with its endpoints and the cluster-level policies.
func (g governed) clusters() ([]*clusterv3.Cluster, []*endpointv3.ClusterLoadAssignment) {
	var instances []*naming.Instance
	if g.svc != nil {
		instances = onPort(g.svc.Instances, g.port)
	}
	var clusters []*clusterv3.Cluster
	var endpoints []*endpointv3.ClusterLoadAssignment
	add := func(name string, members []*naming.Instance) {
		c := edsCluster(name)
		// Nacos's protect threshold (when healthy/total falls to it, every
		// instance gets traffic) is Envoy's panic threshold.
		if g.svc != nil {
			c.CommonLbConfig.HealthyPanicThreshold.Value = g.svc.ProtectThreshold * 100
		}
		applyClusterPolicies(c, g.rules, g.grpc)
		nameAssignment(c)
		clusters = append(clusters, c)
		endpoints = append(endpoints, g.assignment(edsName(c), members))
	}
	add(g.cluster(), instances)
	if g.rules != nil && g.rules.Route != nil {
		for _, s := range subsetsOf(g.rules.Route.Rules) {
			add(SubsetClusterName(g.key, g.port, s.name), s.members(instances))
		}
	}
	return clusters, endpoints
}

func (g governed) assignment(name string, members []*naming.Instance) *endpointv3.ClusterLoadAssignment {
	if g.assign != nil {
		return g.assign.assignment(name, members)
	}
	return loadAssignment(name, members)
}

// addressedPort answers what a client addressing port of svc reaches: the
// pool (0) when it names no port or the one port every instance listens
// on, else that port.
func addressedPort(svc *index.Service, port int) int {
	if port == 0 || svc == nil {
		return port
	}
	if p := ports(svc.Instances); len(p) == 1 && p[0] == port {
		return 0
	}
	return port
}

// onPort answers the instances on port; port 0 is all of them.
func onPort(instances []*naming.Instance, port int) []*naming.Instance {
	if port == 0 {
		return instances
	}
	var out []*naming.Instance
	for _, in := range instances {
		if in.Port == port {
			out = append(out, in)
		}
	}
	return out
}

// arm is one way to the service: requests that carry the headers go by
// the action.
type arm struct {
	name    string
	headers []*routev3.HeaderMatcher
	action  *routev3.RouteAction
}

// arms answers the gray-release arms, highest precedence first, then the
// default one to the whole service. A rule without conditions takes every
// request, so nothing after it is reachable and it ends the list.
func (g governed) arms(base *routev3.RouteAction) []arm {
	withCluster := func(to *routev3.RouteAction) *routev3.RouteAction {
		a := proto.Clone(base).(*routev3.RouteAction)
		a.ClusterSpecifier = to.ClusterSpecifier
		if g.rules != nil && g.rules.LoadBalance != nil && g.rules.LoadBalance.Rule == governance.LBSessionStickiness {
			a.HashPolicy = []*routev3.RouteAction_HashPolicy{stickyCookie()}
		}
		return a
	}
	var out []arm
	if g.rules != nil && g.rules.Route != nil {
		for i, r := range g.rules.Route.Rules {
			out = append(out, arm{name: fmt.Sprintf("rule-%d", i), headers: ruleHeaders(r.Headers),
				action: withCluster(g.weighted(r))})
			if len(r.Headers) == 0 {
				return out
			}
		}
	}
	return append(out, arm{action: withCluster(toCluster(g.cluster()))})
}

func toCluster(name string) *routev3.RouteAction {
	return &routev3.RouteAction{ClusterSpecifier: &routev3.RouteAction_Cluster{Cluster: name}}
}

// weighted answers where a rule sends (an action holding only that): its
// targets by weight, the rest of 100 to the others subset.
func (g governed) weighted(r governance.Rule) *routev3.RouteAction {
	var cws []*routev3.WeightedCluster_ClusterWeight
	sum := 0
	for _, t := range r.Routes {
		sum += t.Weight
		if t.Weight > 0 {
			cws = append(cws, &routev3.WeightedCluster_ClusterWeight{
				Name: SubsetClusterName(g.key, g.port, subsetName(t.Tags)), Weight: wrapperspb.UInt32(uint32(t.Weight)),
			})
		}
	}
	if sum < 100 {
		cws = append(cws, &routev3.WeightedCluster_ClusterWeight{
			Name: SubsetClusterName(g.key, g.port, othersSubset), Weight: wrapperspb.UInt32(uint32(100 - sum)),
		})
	}
	if len(cws) == 1 {
		return toCluster(cws[0].Name)
	}
	return &routev3.RouteAction{ClusterSpecifier: &routev3.RouteAction_WeightedClusters{
		WeightedClusters: &routev3.WeightedCluster{Clusters: cws},
	}}
}

// routes answers the routes of the traffic to the service that base
// matches, starting from action: first one per traffic definition match
// and arm (carrying the definition's policies), then one per arm. name
// prefixes the route names.
func (g governed) routes(name string, base *routev3.RouteMatch, action *routev3.RouteAction) ([]*routev3.Route, error) {
	arms := g.arms(action)
	var out []*routev3.Route
	if g.rules != nil {
		for _, tr := range g.rules.Traffic {
			perFilter, err := perFilterConfig(tr, g.grpc)
			if err != nil {
				return nil, fmt.Errorf("traffic %s: %w", tr.Group.Name, err)
			}
			for mi, m := range tr.Matches {
				for _, a := range arms {
					ra := proto.Clone(a.action).(*routev3.RouteAction)
					if tr.Retry != nil {
						ra.RetryPolicy = retryPolicy(tr.Retry)
					}
					rm := narrow(base, m)
					rm.Headers = append(rm.Headers, a.headers...)
					out = append(out, &routev3.Route{
						Name:  routeName(name, fmt.Sprintf("%s.%d", tr.Group.Name, mi), a.name),
						Match: rm, Action: &routev3.Route_Route{Route: ra}, TypedPerFilterConfig: perFilter,
					})
				}
			}
		}
	}
	for _, a := range arms {
		rm := proto.Clone(base).(*routev3.RouteMatch)
		rm.Headers = append(rm.Headers, a.headers...)
		out = append(out, &routev3.Route{Name: routeName(name, a.name), Match: rm, Action: &routev3.Route_Route{Route: a.action}})
	}
	return out, nil
}

// routeName joins the non-empty parts with "|".
func routeName(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "|"
		}
		out += p
	}
	return out
}
