package translate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
	"gopkg.in/yaml.v3"
)

// TestGoldenInRealEnvoy loads every gateway and sidecar golden translation
// into a real Envoy in validate mode (make test sets CAUSEWAY_ENVOY): proto
// validation cannot see what only Envoy checks, such as a domain in two
// virtual hosts, a regex over RE2's program size limit or a filter's
// per-route configuration. (gRPC clients' API listeners are not Envoy's.)
func TestGoldenInRealEnvoy(t *testing.T) {
	envoy := os.Getenv("CAUSEWAY_ENVOY")
	if envoy == "" {
		t.Skip("CAUSEWAY_ENVOY is not set")
	}
	gateways, _ := filepath.Glob("testdata/gateway-*.in.yaml")
	sidecars, _ := filepath.Glob("testdata/sidecar-*.in.yaml")
	for _, in := range append(gateways, sidecars...) {
		t.Run(strings.TrimSuffix(filepath.Base(in), ".in.yaml"), func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "envoy.json")
			if err := os.WriteFile(cfg, staticBootstrap(t, goldenResources(t, in)), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(envoy, "--mode", "validate", "-c", cfg, "--log-level", "error").CombinedOutput()
			if err != nil {
				t.Fatalf("envoy refused the translation: %v\n%s", err, out)
			}
		})
	}
}

func goldenResources(t *testing.T, in string) *Resources {
	t.Helper()
	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	var g goldenIn
	if err := yaml.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	node, err := NodeFromProto(g.node(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ForNode(g.snapshot().WithGateways(g.gateways(t)...).WithGovernance(g.governance(t)), node)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// staticBootstrap inlines what xDS would deliver: route configurations
// into their listeners, endpoints into static clusters.
func staticBootstrap(t *testing.T, res *Resources) []byte {
	t.Helper()
	routes := map[string]*routev3.RouteConfiguration{}
	for _, rc := range res.Routes {
		routes[rc.Name] = rc
	}
	cla := map[string]*endpointv3.ClusterLoadAssignment{}
	for _, e := range res.Endpoints {
		cla[e.ClusterName] = e
	}
	extensions := map[string]*anypb.Any{}
	for _, x := range res.Extensions {
		extensions[x.Name] = x.TypedConfig
	}
	static := &bootstrapv3.Bootstrap_StaticResources{}
	for _, l := range res.Listeners {
		static.Listeners = append(static.Listeners, inlineRoutes(t, l, routes, extensions))
	}
	for _, c := range res.Clusters {
		if c.GetType() == clusterv3.Cluster_EDS {
			c.ClusterDiscoveryType = &clusterv3.Cluster_Type{Type: clusterv3.Cluster_STATIC}
			c.EdsClusterConfig, c.LoadAssignment = nil, cla[c.Name]
		}
		static.Clusters = append(static.Clusters, c)
	}
	b, err := protojson.Marshal(&bootstrapv3.Bootstrap{StaticResources: static})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// inlineRoutes puts into a listener the route configuration it would get
// over RDS and the filter configurations it would get over ECDS.
func inlineRoutes(t *testing.T, l *listenerv3.Listener, routes map[string]*routev3.RouteConfiguration,
	extensions map[string]*anypb.Any) *listenerv3.Listener {
	t.Helper()
	f := l.FilterChains[0].Filters[0]
	m := &hcmv3.HttpConnectionManager{}
	if err := f.GetTypedConfig().UnmarshalTo(m); err != nil {
		t.Fatal(err)
	}
	m.RouteSpecifier = &hcmv3.HttpConnectionManager_RouteConfig{RouteConfig: routes[m.GetRds().GetRouteConfigName()]}
	for _, hf := range m.HttpFilters {
		if hf.GetConfigDiscovery() != nil {
			hf.ConfigType = &hcmv3.HttpFilter_TypedConfig{TypedConfig: extensions[hf.Name]}
		}
	}
	a, err := anypb.New(m)
	if err != nil {
		t.Fatal(err)
	}
	f.ConfigType = &listenerv3.Filter_TypedConfig{TypedConfig: a}
	return l
}
