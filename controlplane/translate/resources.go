package translate

import (
	"errors"
	"fmt"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
)

// Resources are what one node is sent, each kind sorted by name.
type Resources struct {
	Listeners []*listenerv3.Listener
	Routes    []*routev3.RouteConfiguration
	Clusters  []*clusterv3.Cluster
	Endpoints []*endpointv3.ClusterLoadAssignment
	// Extensions are filter configurations the listeners' connection
	// managers discover over ECDS (a gateway's plugins).
	Extensions []*corev3.TypedExtensionConfig
}

type validator interface{ ValidateAll() error }

// Validate runs every resource's generated proto validation and checks that
// the set is consistent: every EDS cluster has its endpoints and every RDS
// listener its route configuration. Resources that fail are never sent.
func (r *Resources) Validate() error {
	var errs []error
	check := func(kind, name string, v validator) {
		if err := v.ValidateAll(); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", kind, name, err))
		}
	}
	for _, l := range r.Listeners {
		check("listener", l.GetName(), l)
	}
	for _, rc := range r.Routes {
		check("route configuration", rc.GetName(), rc)
	}
	for _, c := range r.Clusters {
		check("cluster", c.GetName(), c)
	}
	for _, e := range r.Endpoints {
		check("endpoints", e.GetClusterName(), e)
	}
	for _, x := range r.Extensions {
		check("extension config", x.GetName(), x)
	}
	errs = append(errs, r.consistent()...)
	return errors.Join(errs...)
}

func (r *Resources) consistent() []error {
	var errs []error
	cla := map[string]bool{}
	for _, e := range r.Endpoints {
		cla[e.GetClusterName()] = true
	}
	for _, c := range r.Clusters {
		if c.GetType() == clusterv3.Cluster_EDS && !cla[edsName(c)] {
			errs = append(errs, fmt.Errorf("cluster %s has no endpoints", c.GetName()))
		}
	}
	routes := map[string]bool{}
	for _, rc := range r.Routes {
		routes[rc.GetName()] = true
	}
	for _, name := range rdsNames(r.Listeners) {
		if !routes[name] {
			errs = append(errs, fmt.Errorf("route configuration %s is missing", name))
		}
	}
	extensions := map[string]bool{}
	for _, x := range r.Extensions {
		extensions[x.GetName()] = true
	}
	// A listener whose filter waits for a configuration never sent would
	// stay warming: Envoy would not serve it at all.
	for _, name := range ecdsNames(r.Listeners) {
		if !extensions[name] {
			errs = append(errs, fmt.Errorf("extension config %s is missing", name))
		}
	}
	return errs
}

func edsName(c *clusterv3.Cluster) string {
	if n := c.GetEdsClusterConfig().GetServiceName(); n != "" {
		return n
	}
	return c.GetName()
}
