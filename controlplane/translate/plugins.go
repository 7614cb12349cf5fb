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
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
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

// filterChainTypeURL is the configuration of Envoy's filter chain filter
// (envoy.filters.http.filter_chain): an ordered list of HTTP filters that
// it adds to each request's chain where it stands.
const filterChainTypeURL = "type.googleapis.com/envoy.extensions.filters.http.filter_chain.v3.FilterChainConfig"

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

// pluginFilterName is the Wasm filter of one plugin of a gateway, inside
// the gateway's plugin chain.
func pluginFilterName(gatewayID string, p *index.Plugin) string {
	return "plugin|" + gatewayID + "|" + p.Name
}

// pluginChainName is the HTTP filter, and the extension config it
// discovers, that runs all of a gateway's plugins.
func pluginChainName(gatewayID string) string { return "plugins|" + gatewayID }

// pluginFilters answers the connection managers' plugin filters: each
// discovers a filter chain configuration over ECDS.
//
// A gateway's listeners carry its plugin chain filter whether it has
// plugins or not, and the plugins themselves are only in the chain's
// configuration: adding, removing or reordering plugins changes one ECDS
// resource and never a listener. A listener change would make Envoy build
// a new filter chain and only drain the old one, and keep-alive
// connections accepted before it would go on running the old chain,
// without the new plugin, for as long as the drain lasts (--drain-time-s,
// ten minutes by default): a new key-auth would not see their requests.
// An ECDS update reaches every connection's next request.
func pluginFilters(names []string) []*hcmv3.HttpFilter {
	out := make([]*hcmv3.HttpFilter, 0, len(names))
	for _, name := range names {
		out = append(out, &hcmv3.HttpFilter{Name: name, ConfigType: &hcmv3.HttpFilter_ConfigDiscovery{
			ConfigDiscovery: &corev3.ExtensionConfigSource{ConfigSource: adsSource(), TypeUrls: []string{filterChainTypeURL}},
		}})
	}
	return out
}

// pluginConfig is one plugin's Wasm filter: the module (see moduleSource)
// run in V8, with the plugin configuration handed over raw as a string.
func pluginConfig(name, httpAddress string, p *index.Plugin) (*corev3.TypedExtensionConfig, error) {
	return extensions.get(name, pluginKey(httpAddress, p), func() (*corev3.TypedExtensionConfig, error) {
		return buildPluginConfig(name, httpAddress, p)
	})
}

// pluginKey is what a plugin's extension config is made of.
func pluginKey(httpAddress string, p *index.Plugin) string {
	return memoKey(httpAddress, p.Name, p.SHA256, strconv.FormatBool(p.FailOpen),
		strconv.FormatBool(len(p.Module) > 0), string(p.Config))
}

// memoKey joins parts, each prefixed with its length, so that no two
// lists of parts make the same key whatever bytes they hold.
func memoKey(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	return b.String()
}

// extensions keeps the last extension config built for each plugin filter
// and each gateway's plugin chain, with what it was made of: with its
// modules inline one is megabytes, and every translation of a gateway (a
// route change, say) would marshal it again. Configs are immutable once
// built, so translations share them and the answer stays a function of
// the inputs; memory is one config per plugin filter name and one chain
// per gateway (entries of deleted plugins and gateways stay).
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

// gatewayPlugins answers the gateway's plugin chain filter for its
// connection managers (one name), the chain's extension config (its
// plugins in order, none at all for a gateway without plugins), and the
// cluster modules are fetched through (nil when every module is inline).
func gatewayPlugins(gw *index.Gateway, httpAddress string) ([]string, []*corev3.TypedExtensionConfig, *clusterv3.Cluster, error) {
	name := pluginChainName(gw.Gateway.ID)
	var filters []*corev3.TypedExtensionConfig
	keys := []string{name}
	fetch := false
	for _, p := range orderPlugins(gw.Plugins) {
		filter := pluginFilterName(gw.Gateway.ID, p)
		x, err := pluginConfig(filter, httpAddress, p)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("plugin %s: %w", p.Name, err)
		}
		filters, keys = append(filters, x), append(keys, filter, pluginKey(httpAddress, p))
		fetch = fetch || len(p.Module) == 0
	}
	chain, err := extensions.get(name, memoKey(keys...), func() (*corev3.TypedExtensionConfig, error) {
		return chainConfig(name, filters)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	if !fetch {
		return []string{name}, []*corev3.TypedExtensionConfig{chain}, nil, nil
	}
	c, err := causewayCluster(wasmCluster, httpAddress)
	if err != nil {
		return nil, nil, nil, err
	}
	return []string{name}, []*corev3.TypedExtensionConfig{chain}, c, nil
}

// chainConfig is a filter chain filter's configuration that runs filters
// in order (FilterChainConfig.default_filter_chain.filters); no filters
// leave the chain out, and the filter lets requests through untouched.
//
// The go-control-plane this module uses has no Go type for the filter
// chain filter (Envoy 1.40 has the filter), so the two messages are
// written with protowire: FilterChainConfig{FilterChain
// default_filter_chain = 1} and FilterChain{repeated TypedExtensionConfig
// filters = 1}, as in Envoy 1.40's descriptor (later Envoy calls field 1
// filter_chain; the wire format is the same).
func chainConfig(name string, filters []*corev3.TypedExtensionConfig) (*corev3.TypedExtensionConfig, error) {
	registerFilterChain()
	var chain []byte
	for _, f := range filters {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("plugin filter %s: %w", f.GetName(), err)
		}
		chain = protowire.AppendTag(chain, 1, protowire.BytesType)
		chain = protowire.AppendBytes(chain, b)
	}
	var cfg []byte
	if len(filters) > 0 {
		cfg = protowire.AppendTag(cfg, 1, protowire.BytesType)
		cfg = protowire.AppendBytes(cfg, chain)
	}
	return &corev3.TypedExtensionConfig{Name: name, TypedConfig: &anypb.Any{TypeUrl: filterChainTypeURL, Value: cfg}}, nil
}

// registerFilterChain makes the filter chain filter's messages known to
// the protobuf registry, once and only if nothing registered them, so that
// protojson can show a chain (config dumps, golden files). It runs on first
// use, after every package's init: a go-control-plane that has the
// generated type registers it first, and this then does nothing.
var registerFilterChain = sync.OnceFunc(func() {
	const pkg = "envoy.extensions.filters.http.filter_chain.v3"
	if _, err := protoregistry.GlobalTypes.FindMessageByName(pkg + ".FilterChainConfig"); err == nil {
		return
	}
	field := func(name, typ string, label descriptorpb.FieldDescriptorProto_Label) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(1), Label: label.Enum(),
			Type: descriptorpb.FieldDescriptorProto_TYPE_MESSAGE.Enum(), TypeName: proto.String(typ)}
	}
	fdp := &descriptorpb.FileDescriptorProto{
		Name:       proto.String("envoy/extensions/filters/http/filter_chain/v3/filter_chain.proto"),
		Package:    proto.String(pkg),
		Dependency: []string{"envoy/config/core/v3/extension.proto"},
		Syntax:     proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("FilterChainConfig"), Field: []*descriptorpb.FieldDescriptorProto{
				field("default_filter_chain", "."+pkg+".FilterChain", descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL)}},
			{Name: proto.String("FilterChain"), Field: []*descriptorpb.FieldDescriptorProto{
				field("filters", ".envoy.config.core.v3.TypedExtensionConfig", descriptorpb.FieldDescriptorProto_LABEL_REPEATED)}},
		},
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		return // only dumps lose: the chain's bytes do not need the type
	}
	for i := range fd.Messages().Len() {
		_ = protoregistry.GlobalTypes.RegisterMessage(dynamicpb.NewMessageType(fd.Messages().Get(i)))
	}
})

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
