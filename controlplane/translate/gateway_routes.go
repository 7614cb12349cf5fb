package translate

import (
	"fmt"
	"sort"
	"strings"
	"time"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// gatewayHosts answers the virtual hosts of a gateway's route
// configuration.
//
// Envoy picks one virtual host per request, the one with the most specific
// matching domain (exact, then the longest *.suffix, then "*"), and then
// looks only at its routes. So the host of a domain must hold every route
// that covers the domain: the routes naming it, those whose *.suffix
// matches it and those of "*". Domains whose covering routes are the same
// share one virtual host, named after its first domain; Envoy refuses a
// domain in two hosts, and this never puts it there.
//
// Routes are ordered by routeLess, as Envoy takes the first that matches;
// the routes mapped onto a gateway route (http2rpc, by route id) go right
// before its own.
func gatewayHosts(routes []*gateway.Route, dests destinations, mapped map[string][]*routev3.Route) ([]*routev3.VirtualHost, error) {
	ordered := append([]*gateway.Route(nil), routes...)
	sort.SliceStable(ordered, func(i, j int) bool { return routeLess(ordered[i], ordered[j]) })
	envoy := make(map[string][]*routev3.Route, len(ordered))
	for _, r := range ordered {
		er, err := gatewayRoutes(r, dests.byRoute[r.ID].governed, dests.mcp[r.ID], dests.a2a[r.ID])
		if err != nil {
			return nil, fmt.Errorf("route %s: %w", r.Name, err)
		}
		envoy[r.ID] = append(append([]*routev3.Route(nil), mapped[r.ID]...), er...)
	}
	var hosts []*routev3.VirtualHost
	byMembers := map[string]*routev3.VirtualHost{}
	for _, domain := range allDomains(ordered) {
		var ids []string
		var members []*routev3.Route
		for _, r := range ordered {
			if routeCovers(r, domain) {
				ids = append(ids, r.ID)
				members = append(members, envoy[r.ID]...)
			}
		}
		key := strings.Join(ids, ",")
		if vh := byMembers[key]; vh != nil {
			vh.Domains = append(vh.Domains, domain)
			continue
		}
		vh := &routev3.VirtualHost{Name: domain, Domains: []string{domain}, Routes: members}
		byMembers[key] = vh
		hosts = append(hosts, vh)
	}
	return hosts, nil
}

// routeLess orders routes most specific first:
//  1. by path kind: exact, then regex, then prefix;
//  2. a longer exact path or prefix first (regexes keep their order);
//  3. more conditions first (each header matcher, and a method list,
//     count one), so a conditioned route is not shadowed by a bare one on
//     the same path;
//  4. then creation order (store create revision, then id).
func routeLess(a, b *gateway.Route) bool {
	if ka, kb := pathRank(a), pathRank(b); ka != kb {
		return ka < kb
	}
	if a.Match.Path.Type != gateway.PathRegex && len(a.Match.Path.Value) != len(b.Match.Path.Value) {
		return len(a.Match.Path.Value) > len(b.Match.Path.Value)
	}
	if ca, cb := conditions(a), conditions(b); ca != cb {
		return ca > cb
	}
	if a.Created != b.Created {
		return a.Created < b.Created
	}
	return a.ID < b.ID
}

func pathRank(r *gateway.Route) int {
	switch r.Match.Path.Type {
	case gateway.PathExact:
		return 0
	case gateway.PathRegex:
		return 1
	}
	return 2
}

func conditions(r *gateway.Route) int {
	n := len(r.Match.Headers)
	if len(r.Match.Methods) > 0 {
		n++
	}
	return n
}

// allDomains answers every domain of the routes, sorted.
func allDomains(routes []*gateway.Route) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range routes {
		for _, d := range r.Domains {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

// routeCovers reports whether Envoy, choosing the virtual host of domain,
// should find r there: r names the domain, or a pattern of r matches every
// host the domain does ("*", or a *.suffix the domain ends with).
func routeCovers(r *gateway.Route, domain string) bool {
	for _, p := range r.Domains {
		switch {
		case p == domain, p == "*":
			return true
		case strings.HasPrefix(p, "*.") && domain != "*" && len(domain) > len(p)-1 && strings.HasSuffix(domain, p[1:]):
			return true
		}
	}
	return false
}

// gatewayRoutes translates one route: its matchers and its action, then
// the traffic rules of its destination, which may split it into several
// Envoy routes (see governed.routes). ep is the server of an MCP route,
// card the agent card of an A2A route (nil when not registered).
func gatewayRoutes(r *gateway.Route, g governed, ep *catalog.MCPEndpoint, card *catalog.AgentCard) ([]*routev3.Route, error) {
	timeout, err := routeTimeout(r)
	if err != nil {
		return nil, err
	}
	action := &routev3.RouteAction{Timeout: timeout}
	if r.Rewrite != nil {
		action.PrefixRewrite = r.Rewrite.Prefix
	}
	match := routeMatch(r.Match)
	if r.Destination.A2A != nil {
		return a2aRoutes(r, g, match, action, card)
	}
	if r.Destination.MCP != nil {
		mcpAction(action, ep)
		segmentMatch(match, r)
	}
	return g.routes(r.Name, match, action)
}

// routeTimeout answers the route's timeout, nil for Envoy's default.
func routeTimeout(r *gateway.Route) (*durationpb.Duration, error) {
	if r.Timeout == "" {
		return nil, nil
	}
	t, err := time.ParseDuration(r.Timeout)
	if err != nil {
		return nil, fmt.Errorf("timeout %q: %w", r.Timeout, err)
	}
	return durationpb.New(t), nil
}

func routeMatch(m gateway.Match) *routev3.RouteMatch {
	rm := &routev3.RouteMatch{}
	switch m.Path.Type {
	case gateway.PathExact:
		rm.PathSpecifier = &routev3.RouteMatch_Path{Path: m.Path.Value}
	case gateway.PathRegex:
		rm.PathSpecifier = &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: m.Path.Value}}
	default:
		rm.PathSpecifier = &routev3.RouteMatch_Prefix{Prefix: m.Path.Value}
	}
	if len(m.Methods) > 0 {
		rm.Headers = append(rm.Headers, methodMatcher(m.Methods))
	}
	for _, h := range m.Headers {
		rm.Headers = append(rm.Headers, headerMatcher(h))
	}
	return rm
}

// methodMatcher matches the :method pseudo-header: exactly for one method,
// with an alternation (a full match in Envoy) for several.
func methodMatcher(methods []string) *routev3.HeaderMatcher {
	sm := &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_Exact{Exact: methods[0]}}
	if len(methods) > 1 {
		sm.MatchPattern = &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: strings.Join(methods, "|")}}
	}
	return &routev3.HeaderMatcher{Name: ":method", HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}}
}

func headerMatcher(h gateway.HeaderMatch) *routev3.HeaderMatcher {
	sm := &matcherv3.StringMatcher{}
	switch {
	case h.Exact != nil:
		sm.MatchPattern = &matcherv3.StringMatcher_Exact{Exact: *h.Exact}
	case h.Prefix != nil:
		sm.MatchPattern = &matcherv3.StringMatcher_Prefix{Prefix: *h.Prefix}
	case h.Regex != nil:
		sm.MatchPattern = &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: *h.Regex}}
	}
	return &routev3.HeaderMatcher{Name: h.Name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: sm}}
}
