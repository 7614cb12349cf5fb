package translate

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/naming"
)

// a2aGroup is the group of the pseudo service keys that name the clusters
// of A2A agents; like mcpGroup, no registered service can share them.
const a2aGroup = "@a2a"

// a2aWellKnown are the paths of the agent card below a route's prefix:
// agent-card.json since A2A 0.3, agent.json before. Both are served, so
// clients of either version find the card whatever its protocolVersion.
var a2aWellKnown = []string{"/.well-known/agent-card.json", "/.well-known/agent.json"}

// defaultDirectResponseLimit is Envoy's bound on a direct response body
// unless the route configuration raises it.
const defaultDirectResponseLimit = 4096

// a2aTarget is where an agent card's url sends: host, port and path.
type a2aTarget struct {
	host string
	port int
	path string
}

// a2aTargetOf reads an agent card's url; false when the card has none an
// HTTP cluster can reach.
func a2aTargetOf(card *catalog.AgentCard) (a2aTarget, bool) {
	if card == nil || card.URL == "" {
		return a2aTarget{}, false
	}
	u, err := url.Parse(card.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return a2aTarget{}, false
	}
	port := 80
	if u.Scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port <= 0 || port > 65535 {
			return a2aTarget{}, false
		}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return a2aTarget{host: u.Hostname(), port: port, path: path}, true
}

// a2aDestination answers where an A2A route sends: a cluster of the one
// address of its card's url (by DNS when it is a host name), or an empty
// cluster, so Envoy answers 503, when the agent is not registered or its
// card has no url.
func a2aDestination(r *gateway.Route, card *catalog.AgentCard) *destination {
	a := r.Destination.A2A
	t, ok := a2aTargetOf(card)
	if !ok {
		k := naming.ServiceKey{Namespace: a.Namespace, Group: a2aGroup, Name: a.Name}
		return &destination{governed: governed{key: k}}
	}
	k := naming.ServiceKey{Namespace: a.Namespace, Group: a2aGroup, Name: a.Name + "@" + card.Version}
	in := &naming.Instance{Service: k, IP: t.host, Port: t.port, Weight: 1, Enabled: true, Healthy: true}
	d := &destination{governed: governed{key: k, svc: &index.Service{Key: k, Instances: []*naming.Instance{in}}}}
	if net.ParseIP(t.host) == nil {
		d.dns = dnsCluster(ClusterName(k, 0), t.host, t.port)
	}
	return d
}

// a2aRoutes translates an A2A route: the card at its well-known paths
// below the prefix (answered by Envoy itself, when the agent is
// registered), then the prefix, whole segments, rewritten to the path of
// the card's url and streamed like an MCP route (message/stream answers
// with server-sent events).
func a2aRoutes(r *gateway.Route, g governed, match *routev3.RouteMatch, action *routev3.RouteAction,
	card *catalog.AgentCard) ([]*routev3.Route, error) {
	var out []*routev3.Route
	if card != nil {
		body, err := a2aCardBody(r, card)
		if err != nil {
			return nil, err
		}
		for _, wk := range a2aWellKnown {
			out = append(out, a2aCardRoute(r, match, wk, body))
		}
	}
	t, _ := a2aTargetOf(card)
	streamAction(action, t.path)
	segmentMatch(match, r)
	proxied, err := g.routes(r.Name, match, action)
	return append(out, proxied...), err
}

// a2aCardRoute answers the card at the prefix's well-known path wk, with
// the route's method and header matchers.
func a2aCardRoute(r *gateway.Route, base *routev3.RouteMatch, wk string, body []byte) *routev3.Route {
	m := proto.Clone(base).(*routev3.RouteMatch)
	m.PathSpecifier = &routev3.RouteMatch_Path{Path: strings.TrimSuffix(r.Match.Path.Value, "/") + wk}
	return &routev3.Route{
		Name:  routeName(r.Name, "card"),
		Match: m,
		Action: &routev3.Route_DirectResponse{DirectResponse: &routev3.DirectResponseAction{
			Status: 200,
			Body:   &corev3.DataSource{Specifier: &corev3.DataSource_InlineString{InlineString: string(body)}},
		}},
		ResponseHeadersToAdd: []*corev3.HeaderValueOption{{
			Header:       &corev3.HeaderValue{Key: "content-type", Value: "application/json"},
			AppendAction: corev3.HeaderValueOption_OVERWRITE_IF_EXISTS_OR_ADD,
		}},
	}
}

// a2aCardBody is the card as the gateway serves it: its url the route's
// public address (publicURL plus the prefix); of its additionalInterfaces
// those at the card's url point there too, the others (which would take
// agents around the gateway) are left out; registrationType, Nacos's own
// field, is left out.
func a2aCardBody(r *gateway.Route, card *catalog.AgentCard) ([]byte, error) {
	public := r.Destination.A2A.PublicURL + strings.TrimSuffix(r.Match.Path.Value, "/")
	if r.Match.Path.Value == "/" {
		public += "/"
	}
	raw, err := json.Marshal(card)
	if err != nil {
		return nil, fmt.Errorf("agent card %s: %w", card.Name, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("agent card %s: %w", card.Name, err)
	}
	delete(fields, "registrationType")
	fields["url"], _ = json.Marshal(public)
	delete(fields, "additionalInterfaces")
	if ifaces := a2aInterfaces(card, public); len(ifaces) > 0 {
		fields["additionalInterfaces"], _ = json.Marshal(ifaces)
	}
	return json.Marshal(fields)
}

// a2aInterfaces answers the card's additionalInterfaces at its url, now
// at public; unreadable ones are left out.
func a2aInterfaces(card *catalog.AgentCard, public string) []map[string]any {
	var in []map[string]any
	if len(card.AdditionalInterfaces) == 0 || json.Unmarshal(card.AdditionalInterfaces, &in) != nil {
		return nil
	}
	var out []map[string]any
	for _, iface := range in {
		if u, _ := iface["url"].(string); u == card.URL && u != "" {
			iface["url"] = public
			out = append(out, iface)
		}
	}
	return out
}

// directResponseLimit answers the bound on direct response bodies the
// route configuration needs for its largest (an agent card), nil when
// Envoy's default will do.
func directResponseLimit(hosts []*routev3.VirtualHost) *wrapperspb.UInt32Value {
	largest := 0
	for _, vh := range hosts {
		for _, rt := range vh.Routes {
			if dr := rt.GetDirectResponse(); dr != nil {
				largest = max(largest, len(dr.GetBody().GetInlineString()))
			}
		}
	}
	if largest <= defaultDirectResponseLimit {
		return nil
	}
	return wrapperspb.UInt32(uint32(largest))
}
