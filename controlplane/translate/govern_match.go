package translate

import (
	"regexp"

	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/registry/governance"
)

// narrow answers base narrowed to the requests a traffic definition match
// takes. Its path goes into the path specifier when base takes every path
// (a sidecar's or gRPC client's "/"); under a gateway route's own path it
// becomes a condition on the :path header, which carries the query too.
func narrow(base *routev3.RouteMatch, m governance.Match) *routev3.RouteMatch {
	rm := proto.Clone(base).(*routev3.RouteMatch)
	if p := m.APIPath; p != nil {
		if rm.GetPrefix() == "/" {
			setPath(rm, *p)
		} else {
			rm.Headers = append(rm.Headers, pathHeader(*p))
		}
	}
	if len(m.Methods) > 0 {
		rm.Headers = append(rm.Headers, methodMatcher(m.Methods))
	}
	for _, h := range m.Headers {
		rm.Headers = append(rm.Headers, &routev3.HeaderMatcher{
			Name: h.Name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: stringMatcher(h.StringMatch)},
		})
	}
	for _, q := range m.Queries {
		rm.QueryParameters = append(rm.QueryParameters, &routev3.QueryParameterMatcher{
			Name: q.Name, QueryParameterMatchSpecifier: &routev3.QueryParameterMatcher_StringMatch{StringMatch: stringMatcher(q.StringMatch)},
		})
	}
	return rm
}

// setPath makes a ServiceComb path operator the route's path specifier;
// Envoy matches a path regex against the whole path without the query,
// and its case_sensitive flag does not apply to regexes.
func setPath(rm *routev3.RouteMatch, p governance.StringMatch) {
	q := regexp.QuoteMeta(p.Value)
	if p.CaseInsensitive {
		q = "(?i)" + q
	}
	switch p.Op {
	case governance.OpExact:
		rm.PathSpecifier = &routev3.RouteMatch_Path{Path: p.Value}
	case governance.OpPrefix:
		rm.PathSpecifier = &routev3.RouteMatch_Prefix{Prefix: p.Value}
	case governance.OpSuffix:
		rm.PathSpecifier = &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: ".*" + q}}
		return
	default: // contains
		rm.PathSpecifier = &routev3.RouteMatch_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: ".*" + q + ".*"}}
		return
	}
	if p.CaseInsensitive {
		rm.CaseSensitive = wrapperspb.Bool(false)
	}
}

// pathHeader is a path operator as a full-match regex on :path, whose
// query (after "?") the operator must ignore.
func pathHeader(p governance.StringMatch) *routev3.HeaderMatcher {
	q := regexp.QuoteMeta(p.Value)
	var re string
	switch p.Op {
	case governance.OpExact:
		re = q + `(\?.*)?`
	case governance.OpPrefix:
		re = q + `.*`
	case governance.OpSuffix:
		re = `[^?]*` + q + `(\?.*)?`
	default: // contains
		re = `[^?]*` + q + `.*`
	}
	if p.CaseInsensitive {
		re = "(?i)" + re
	}
	return &routev3.HeaderMatcher{Name: ":path", HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{
		StringMatch: &matcherv3.StringMatcher{MatchPattern: &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: re}}},
	}}
}

// stringMatcher is one ServiceComb operator as an Envoy string matcher.
func stringMatcher(m governance.StringMatch) *matcherv3.StringMatcher {
	sm := &matcherv3.StringMatcher{IgnoreCase: m.CaseInsensitive}
	switch m.Op {
	case governance.OpExact:
		sm.MatchPattern = &matcherv3.StringMatcher_Exact{Exact: m.Value}
	case governance.OpPrefix:
		sm.MatchPattern = &matcherv3.StringMatcher_Prefix{Prefix: m.Value}
	case governance.OpSuffix:
		sm.MatchPattern = &matcherv3.StringMatcher_Suffix{Suffix: m.Value}
	case governance.OpContains:
		sm.MatchPattern = &matcherv3.StringMatcher_Contains{Contains: m.Value}
	default: // regex: ignore_case does not apply to regexes
		re := m.Value
		if m.CaseInsensitive {
			re = "(?i)" + re
		}
		sm.IgnoreCase = false
		sm.MatchPattern = &matcherv3.StringMatcher_SafeRegex{SafeRegex: &matcherv3.RegexMatcher{Regex: re}}
	}
	return sm
}

// ruleHeaders are a route rule's header conditions.
func ruleHeaders(hs []governance.NamedMatch) []*routev3.HeaderMatcher {
	out := make([]*routev3.HeaderMatcher, 0, len(hs))
	for _, h := range hs {
		out = append(out, &routev3.HeaderMatcher{
			Name: h.Name, HeaderMatchSpecifier: &routev3.HeaderMatcher_StringMatch{StringMatch: stringMatcher(h.StringMatch)},
		})
	}
	return out
}
