package translate

import (
	"fmt"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	faultv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/fault/v3"
	ratelimitv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/local_ratelimit/v3"
	routerv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/envoyproxy/go-control-plane/pkg/wellknown"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// httpListener answers a listener with one HTTP connection manager that
// takes its routes over RDS, with the plugin chain filters (ECDS) first.
func httpListener(name, address string, port uint32, routeConfig string, edge bool, plugins []string) (*listenerv3.Listener, error) {
	manager, err := connectionManager(name, routeConfig, false, edge, plugins...)
	if err != nil {
		return nil, fmt.Errorf("listener %s: %w", name, err)
	}
	return &listenerv3.Listener{
		Name:    name,
		Address: socketAddress(address, port),
		FilterChains: []*listenerv3.FilterChain{{Filters: []*listenerv3.Filter{{
			Name: wellknown.HTTPConnectionManager, ConfigType: &listenerv3.Filter_TypedConfig{TypedConfig: manager},
		}}}},
	}, nil
}

// connectionManager is the HTTP connection manager of every listener,
// Envoy's and gRPC's: routes over RDS and the HTTP filter chain, built in
// one place. A gateway's plugin chain filter (its plugins, in order, are
// discovered over ECDS) comes first; the fault and local rate limit
// filters do nothing until a route's traffic rules configure them; gRPC
// clients get the fault filter only (grpc-go has no local rate limit and
// refuses filters it does not know). A manager at the edge (a gateway's)
// takes the peer address as the client's (use_remote_address): otherwise
// Envoy believes an X-Forwarded-For the client wrote itself, and a plugin
// judging the client address (ip-restriction) could be fooled.
func connectionManager(statPrefix, routeConfig string, grpc, edge bool, plugins ...string) (*anypb.Any, error) {
	filters := []namedFilter{{filterFault, &faultv3.HTTPFault{}}}
	if !grpc {
		filters = append(filters, namedFilter{filterRateLimit, &ratelimitv3.LocalRateLimit{StatPrefix: rateLimitStats}})
	}
	filters = append(filters, namedFilter{wellknown.Router, &routerv3.Router{}})
	chain := pluginFilters(plugins)
	for _, f := range filters {
		cfg, err := anypb.New(f.cfg)
		if err != nil {
			return nil, fmt.Errorf("filter %s: %w", f.name, err)
		}
		chain = append(chain, &hcmv3.HttpFilter{Name: f.name, ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: cfg}})
	}
	return anypb.New(&hcmv3.HttpConnectionManager{
		StatPrefix: statPrefix,
		RouteSpecifier: &hcmv3.HttpConnectionManager_Rds{Rds: &hcmv3.Rds{
			ConfigSource: adsSource(), RouteConfigName: routeConfig,
		}},
		HttpFilters:      chain,
		UseRemoteAddress: edgeFlag(edge),
	})
}

type namedFilter struct {
	name string
	cfg  proto.Message
}

// rdsNames answers the route configurations the listeners ask for, from
// their filter chains (Envoy) or their API listener (gRPC).
func rdsNames(listeners []*listenerv3.Listener) []string {
	var out []string
	for _, m := range managers(listeners) {
		if n := m.GetRds().GetRouteConfigName(); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// ecdsNames answers the extension configs the listeners' HTTP filters
// discover.
func ecdsNames(listeners []*listenerv3.Listener) []string {
	var out []string
	for _, m := range managers(listeners) {
		for _, f := range m.GetHttpFilters() {
			if d := f.GetConfigDiscovery(); d != nil {
				out = append(out, f.GetName())
			}
		}
	}
	return out
}

// managers answers the listeners' HTTP connection managers.
func managers(listeners []*listenerv3.Listener) []*hcmv3.HttpConnectionManager {
	var out []*hcmv3.HttpConnectionManager
	for _, l := range listeners {
		anys := []*anypb.Any{l.GetApiListener().GetApiListener()}
		for _, fc := range l.GetFilterChains() {
			for _, f := range fc.GetFilters() {
				anys = append(anys, f.GetTypedConfig())
			}
		}
		for _, a := range anys {
			manager := &hcmv3.HttpConnectionManager{}
			if a != nil && a.UnmarshalTo(manager) == nil {
				out = append(out, manager)
			}
		}
	}
	return out
}

func adsSource() *corev3.ConfigSource {
	return &corev3.ConfigSource{
		ConfigSourceSpecifier: &corev3.ConfigSource_Ads{Ads: &corev3.AggregatedConfigSource{}},
		ResourceApiVersion:    corev3.ApiVersion_V3,
	}
}

func socketAddress(ip string, port uint32) *corev3.Address {
	return &corev3.Address{Address: &corev3.Address_SocketAddress{SocketAddress: &corev3.SocketAddress{
		Address: ip, PortSpecifier: &corev3.SocketAddress_PortValue{PortValue: port},
	}}}
}

func seconds(n int64) *durationpb.Duration { return durationpb.New(time.Duration(n) * time.Second) }

func wrapBool(b bool) *wrapperspb.BoolValue { return wrapperspb.Bool(b) }

// edgeFlag is use_remote_address: set at the edge, left out elsewhere.
func edgeFlag(edge bool) *wrapperspb.BoolValue {
	if !edge {
		return nil
	}
	return wrapBool(true)
}
