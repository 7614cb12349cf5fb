package translate

import (
	"sort"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/gateway"
)

func gwRoute(name, kind, value string, created int64, change ...func(*gateway.Route)) *gateway.Route {
	r := &gateway.Route{ID: name, Name: name, Domains: []string{"*"}, Created: created,
		Match:       gateway.Match{Path: gateway.PathMatch{Type: kind, Value: value}},
		Destination: gateway.Destination{Service: "s", Group: "DEFAULT_GROUP", Namespace: "public"}}
	for _, c := range change {
		c(r)
	}
	return r
}

func TestRouteOrder(t *testing.T) {
	withHeader := func(r *gateway.Route) { r.Match.Headers = []gateway.HeaderMatch{{Name: "x", Exact: new(string)}} }
	withMethod := func(r *gateway.Route) { r.Match.Methods = []string{"GET"} }
	routes := []*gateway.Route{
		gwRoute("root", gateway.PathPrefix, "/", 1),
		gwRoute("api", gateway.PathPrefix, "/api", 2),
		gwRoute("re-first", gateway.PathRegex, "/x.*", 3),
		gwRoute("re-second-longer", gateway.PathRegex, "/a-much-longer-regex.*", 4),
		gwRoute("exact-short", gateway.PathExact, "/a", 5),
		gwRoute("exact-long", gateway.PathExact, "/api/health", 6),
		gwRoute("api-method", gateway.PathPrefix, "/api", 7, withMethod),
		gwRoute("api-header-method", gateway.PathPrefix, "/api", 8, withMethod, withHeader),
		gwRoute("api-again", gateway.PathPrefix, "/api", 9),
		gwRoute("api-v1", gateway.PathPrefix, "/api/v1", 10),
	}
	sort.SliceStable(routes, func(i, j int) bool { return routeLess(routes[i], routes[j]) })
	var got []string
	for _, r := range routes {
		got = append(got, r.Name)
	}
	want := "exact-long exact-short re-first re-second-longer api-v1 api-header-method api-method api api-again root"
	if strings.Join(got, " ") != want {
		t.Fatalf("order\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestRouteCovers(t *testing.T) {
	cases := []struct {
		patterns []string
		domain   string
		want     bool
	}{
		{[]string{"*"}, "a.com", true},
		{[]string{"*"}, "*", true},
		{[]string{"a.com"}, "a.com", true},
		{[]string{"a.com"}, "a.com:80", false},
		{[]string{"*.a.com"}, "x.a.com", true},
		{[]string{"*.a.com"}, "*.x.a.com", true},
		{[]string{"*.a.com"}, "a.com", false},
		{[]string{"*.a.com"}, "xa.com", false},
		{[]string{"*.a.com"}, "x.a.com:80", false},
		{[]string{"*.a.com"}, "*", false},
		{[]string{"*.a.com:80"}, "x.a.com:80", true},
		{[]string{"b.com", "*.a.com"}, "x.a.com", true},
	}
	for _, c := range cases {
		r := &gateway.Route{Domains: c.patterns}
		if got := routeCovers(r, c.domain); got != c.want {
			t.Errorf("%v covers %s = %v, want %v", c.patterns, c.domain, got, c.want)
		}
	}
}

func TestGatewayNodeWithoutGateway(t *testing.T) {
	gw := &index.Gateway{Gateway: &gateway.Gateway{ID: "gw", Project: "default",
		Listeners: []gateway.Listener{{Name: "http", Port: 80, Protocol: "HTTP"}}}}
	snap := index.NewSnapshot().WithGateways(gw)
	for _, n := range []Node{{Role: RoleGateway, Namespace: "public"}, {Role: RoleGateway, GatewayID: "other", Namespace: "public"}} {
		res, err := Gateway(snap, n)
		if err != nil || len(res.Listeners)+len(res.Routes)+len(res.Clusters) != 0 {
			t.Fatalf("%+v got %v %v", n, res, err)
		}
	}
	res, err := Gateway(snap, Node{Role: RoleGateway, GatewayID: "gw", Namespace: "public"})
	if err != nil || len(res.Listeners) != 1 || len(res.Routes[0].VirtualHosts) != 0 {
		t.Fatalf("a gateway without routes: %v %v", res, err)
	}
}

// A plugin whose module the index holds is delivered inline, so Envoy
// compiles it before the filter takes traffic; one without is fetched by
// sha256 from Causeway's HTTP port.
func TestPluginModuleSource(t *testing.T) {
	inline := moduleSource("h:1", &index.Plugin{SHA256: "ab", Module: []byte{0, 'a', 's', 'm'}})
	if l := inline.GetLocal(); l == nil || string(l.GetInlineBytes()) != "\x00asm" {
		t.Fatalf("inline: %v", inline)
	}
	remote := moduleSource("h:1", &index.Plugin{SHA256: "ab"})
	if r := remote.GetRemote(); r == nil || r.GetSha256() != "ab" || r.GetHttpUri().GetUri() != "http://h:1/causeway/v1/wasm/ab.wasm" {
		t.Fatalf("remote: %v", remote)
	}
}

// A plugin's extension config is built once per content: translating the
// gateway again (a route change) shares it rather than marshalling its
// megabytes of inline module again; a change of config builds a new one.
func TestPluginConfigIsBuiltOncePerContent(t *testing.T) {
	p := &index.Plugin{Name: "p", SHA256: "ab", Module: make([]byte, 1<<20), Config: []byte(`{"a":1}`)}
	first, err := pluginConfig("plugin|gw|p", "h:1", p)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := pluginConfig("plugin|gw|p", "h:1", &index.Plugin{Name: "p", SHA256: "ab", Module: p.Module, Config: []byte(`{"a":1}`)})
	if again != first {
		t.Fatal("the same plugin was built again")
	}
	changed, _ := pluginConfig("plugin|gw|p", "h:1", &index.Plugin{Name: "p", SHA256: "ab", Module: p.Module, Config: []byte(`{"a":2}`)})
	if changed == first {
		t.Fatal("a changed config answered the old extension config")
	}
}
