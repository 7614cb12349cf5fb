package translate

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/controlplane/index"
)

// Plugin phases, in filter chain order.
const (
	PhaseAuthn       = "AUTHN"
	PhaseAuthz       = "AUTHZ"
	PhaseStats       = "STATS"
	PhaseUnspecified = "UNSPECIFIED_PHASE"
)

// wasmCluster is the cluster gateways fetch plugin modules through: the
// HTTP port of Causeway itself, so no outside registry is needed at
// request time.
const wasmCluster = "causeway|http"

const wasmTypeURL = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm"

func phaseRank(phase string) int {
	switch phase {
	case PhaseAuthn:
		return 0
	case PhaseAuthz:
		return 1
	case PhaseStats:
		return 2
	}
	return 3
}

// orderPlugins answers the plugins in filter chain order: AUTHN, AUTHZ,
// STATS, then the others; within a phase the higher priority first, then
// the older.
func orderPlugins(plugins []*index.Plugin) []*index.Plugin {
	out := append([]*index.Plugin(nil), plugins...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := phaseRank(a.Phase), phaseRank(b.Phase); ra != rb {
			return ra < rb
		}
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		if a.Created != b.Created {
			return a.Created < b.Created
		}
		return a.ID < b.ID
	})
	return out
}

// pluginFilterName is the HTTP filter, and the extension config it
// discovers, of one plugin of a gateway.
func pluginFilterName(gatewayID string, p *index.Plugin) string {
	return "plugin|" + gatewayID + "|" + p.Name
}

// pluginFilters answers the gateway's plugin filters, in order, for the
// connection managers: each discovers its configuration over ECDS, so a
// plugin change never touches the listeners.
func pluginFilters(names []string) []*hcmv3.HttpFilter {
	out := make([]*hcmv3.HttpFilter, 0, len(names))
	for _, name := range names {
		out = append(out, &hcmv3.HttpFilter{Name: name, ConfigType: &hcmv3.HttpFilter_ConfigDiscovery{
			ConfigDiscovery: &corev3.ExtensionConfigSource{ConfigSource: adsSource(), TypeUrls: []string{wasmTypeURL}},
		}})
	}
	return out
}

// pluginConfig is one plugin's Wasm filter: the module fetched from
// Causeway by sha256 (Envoy refuses a module whose checksum differs), run
// in V8, with the plugin configuration handed over raw as a string.
func pluginConfig(name, httpAddress string, p *index.Plugin) (*corev3.TypedExtensionConfig, error) {
	key := strings.Join([]string{httpAddress, p.Name, p.SHA256, strconv.FormatBool(p.FailOpen),
		strconv.FormatBool(len(p.Module) > 0), string(p.Config)}, "\x00")
	return extensions.get(name, key, func() (*corev3.TypedExtensionConfig, error) { return buildPluginConfig(name, httpAddress, p) })
}

// extensions keeps the last extension config built for each plugin filter,
// with what it was made of: with its module inline one is megabytes, and
// every translation of a gateway (a route change, say) would marshal it
// again. Configs are immutable once built, so translations share them and
// the answer stays a function of the inputs; memory is one config per
// plugin filter name.
var extensions = &configMemo{m: map[string]memoEntry{}}

type memoEntry struct {
	key string
	x   *corev3.TypedExtensionConfig
}

type configMemo struct {
	mu sync.Mutex
	m  map[string]memoEntry
}

func (c *configMemo) get(name, key string, build func() (*corev3.TypedExtensionConfig, error)) (*corev3.TypedExtensionConfig, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[name]; ok && e.key == key {
		return e.x, nil
	}
	x, err := build()
	if err != nil {
		return nil, err
	}
	c.m[name] = memoEntry{key: key, x: x}
	return x, nil
}

func buildPluginConfig(name, httpAddress string, p *index.Plugin) (*corev3.TypedExtensionConfig, error) {
	configuration, err := anypb.New(wrapperspb.String(string(p.Config)))
	if err != nil {
		return nil, err
	}
	policy := wasmv3.FailurePolicy_FAIL_CLOSED
	if p.FailOpen {
		policy = wasmv3.FailurePolicy_FAIL_OPEN
	}
	filter, err := anypb.New(&wasmfilterv3.Wasm{Config: &wasmv3.PluginConfig{
		Name: p.Name, Configuration: configuration, FailurePolicy: policy,
		Vm: &wasmv3.PluginConfig_VmConfig{VmConfig: &wasmv3.VmConfig{
			// Envoy keys shared VMs by vm_id and code, and the code of a
			// module still being fetched is empty: without an id of its
			// own, a plugin would run in another plugin's VM.
			VmId:    name,
			Runtime: "envoy.wasm.runtime.v8",
			Code:    moduleSource(httpAddress, p),
		}},
	}})
	if err != nil {
		return nil, err
	}
	return &corev3.TypedExtensionConfig{Name: name, TypedConfig: filter}, nil
}

// moduleSource is where Envoy gets a plugin's module: inline when the index
// has its bytes, so Envoy compiles it before the new filter configuration
// replaces the old one and no request meets a plugin still loading; else
// fetched from Causeway by sha256 (Envoy refuses other bytes), which
// leaves the filter unloaded, failing by its policy, until the fetch and
// compile are done.
func moduleSource(httpAddress string, p *index.Plugin) *corev3.AsyncDataSource {
	if len(p.Module) > 0 {
		return &corev3.AsyncDataSource{Specifier: &corev3.AsyncDataSource_Local{Local: &corev3.DataSource{
			Specifier: &corev3.DataSource_InlineBytes{InlineBytes: p.Module},
		}}}
	}
	return &corev3.AsyncDataSource{Specifier: &corev3.AsyncDataSource_Remote{Remote: &corev3.RemoteDataSource{
		HttpUri: &corev3.HttpUri{
			Uri:              fmt.Sprintf("http://%s/causeway/v1/wasm/%s.wasm", httpAddress, p.SHA256),
			HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: wasmCluster},
			Timeout:          durationpb.New(30 * time.Second),
		},
		Sha256: p.SHA256,
	}}}
}

// gatewayPlugins answers a gateway's plugin filter names in chain order,
// their extension configs, and the cluster modules are fetched through
// (nil without plugins).
func gatewayPlugins(gw *index.Gateway, httpAddress string) ([]string, []*corev3.TypedExtensionConfig, *clusterv3.Cluster, error) {
	if len(gw.Plugins) == 0 {
		return nil, nil, nil, nil
	}
	var names []string
	var configs []*corev3.TypedExtensionConfig
	for _, p := range orderPlugins(gw.Plugins) {
		name := pluginFilterName(gw.Gateway.ID, p)
		x, err := pluginConfig(name, httpAddress, p)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("plugin %s: %w", p.Name, err)
		}
		names, configs = append(names, name), append(configs, x)
	}
	c, err := causewayCluster(wasmCluster, httpAddress)
	if err != nil {
		return nil, nil, nil, err
	}
	return names, configs, c, nil
}

// causewayCluster reaches one of Causeway's own ports (HTTP, the bridge):
// by IP, or by DNS name.
func causewayCluster(name, address string) (*clusterv3.Cluster, error) {
	host, port, err := splitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("%s address %q: %w", name, address, err)
	}
	kind := clusterv3.Cluster_STRICT_DNS
	if net.ParseIP(host) != nil {
		kind = clusterv3.Cluster_STATIC
	}
	return &clusterv3.Cluster{
		Name:                 name,
		ClusterDiscoveryType: &clusterv3.Cluster_Type{Type: kind},
		ConnectTimeout:       seconds(5),
		LoadAssignment: &endpointv3.ClusterLoadAssignment{ClusterName: name, Endpoints: []*endpointv3.LocalityLbEndpoints{{
			LbEndpoints: []*endpointv3.LbEndpoint{{HostIdentifier: &endpointv3.LbEndpoint_Endpoint{
				Endpoint: &endpointv3.Endpoint{Address: socketAddress(host, port)},
			}}},
		}}},
	}, nil
}
