package translate

import (
	"fmt"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// bridgeCluster is Causeway's HTTP to Dubbo bridge.
const bridgeCluster = "causeway|http2rpc"

// http2rpcRoutes answers, by gateway route id, the Envoy routes of the
// gateway's http2rpc mappings: one per Dubbo method, matching its HTTP
// methods and
// the path template exactly, sent to the bridge. They go before the
// routes of the gateway route they map, in the virtual hosts of its
// domains, so the route's other requests are untouched. A mapping whose
// route is gone maps nothing. With a seal, each route also signs its
// target and timeout for the bridge (http2rpc.SealHeader).
func http2rpcRoutes(gw *index.Gateway, seal http2rpc.Seal) map[string][]*routev3.Route {
	byName := map[string]*gateway.Route{}
	for _, r := range gw.Routes {
		byName[r.Name] = r
	}
	out := map[string][]*routev3.Route{}
	for _, m := range gw.HTTP2RPC {
		r := byName[m.RouteName]
		if r == nil {
			continue
		}
		for i := range m.Dubbo.Methods {
			if er := methodRoute(gw.Gateway, m, i, &m.Dubbo.Methods[i], r, seal); er != nil {
				out[r.ID] = append(out[r.ID], er)
			}
		}
	}
	return out
}

func methodRoute(g *gateway.Gateway, m *http2rpc.Mapping, i int, dm *http2rpc.Method, r *gateway.Route, seal http2rpc.Seal) *routev3.Route {
	t, err := http2rpc.ParseTemplate(dm.HTTPPath)
	if err != nil {
		return nil // the registry refuses such a mapping; an old record maps nothing
	}
	timeout, _ := routeTimeout(r) // a bad timeout fails the gateway route itself
	target := http2rpc.Target{Gateway: gateway.Key{Project: g.Project, ID: g.ID}, MappingID: m.ID, Method: i}.String()
	headers := []*corev3.HeaderValueOption{{
		Header:       &corev3.HeaderValue{Key: http2rpc.Header, Value: target},
		AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
	}}
	if len(seal) > 0 {
		headers = append(headers, &corev3.HeaderValueOption{
			Header:       &corev3.HeaderValue{Key: http2rpc.SealHeader, Value: seal.Sign(target, timeout.AsDuration())},
			AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
		})
	}
	return &routev3.Route{
		Name: fmt.Sprintf("http2rpc|%s|%s|%d", m.Name, m.ID, i),
		Match: &routev3.RouteMatch{
			PathSpecifier: &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: t.Regex()}},
			Headers:       []*routev3.HeaderMatcher{methodMatcher(dm.HTTPMethods)},
		},
		Action: &routev3.Route_Route{Route: &routev3.RouteAction{
			ClusterSpecifier: &routev3.RouteAction_Cluster{Cluster: bridgeCluster}, Timeout: timeout,
		}},
		RequestHeadersToAdd: headers,
	}
}
