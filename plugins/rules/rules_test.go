//go:build !wasm

// proxytest, the host emulator, exists only off wasm (the SDK swaps its
// mock host in under the same tag), so these tests run on the build host.

package rules

import (
	"sort"
	"strings"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// name is a stand-in plugin configuration: strict, as real plugins are,
// so the tests see exactly which fields reach the plugin.
type name struct {
	Name string
}

func parseName(o *conf.Object) (name, error) {
	var n name
	var err error
	if n.Name, err = o.String("name"); err != nil {
		return n, err
	}
	return n, o.Done()
}

func TestParseRefuses(t *testing.T) {
	cases := []struct {
		desc, config, want string
	}{
		{"not JSON", `{`, "pluginConfig: must be a JSON object"},
		{"an array", `[]`, "pluginConfig: must be a JSON object"},
		{"null", `null`, "pluginConfig: must be a JSON object"},
		{"a string", `"x"`, "pluginConfig: must be a JSON object"},
		{"rules not an array", `{"_rules_":{}}`, "_rules_: must be an array of objects"},
		{"rules null", `{"_rules_":null}`, "_rules_: must be an array of objects"},
		{"a rule not an object", `{"_rules_":[1]}`, "_rules_[0]: must be a JSON object"},
		{"a rule null", `{"_rules_":[null]}`, "_rules_[0]: must be a JSON object"},
		{"a rule without match", `{"_rules_":[{"name":"a"}]}`, "_rules_[0]: must have exactly one of"},
		{"a rule with both matches", `{"_rules_":[{"_match_route_":["a"],"_match_domain_":["a.com"]}]}`, "_rules_[0]: must have exactly one of"},
		{"routes empty", `{"_rules_":[{"_match_route_":[]}]}`, "_rules_[0]: _match_route_: must be a non-empty array of strings"},
		{"routes a string", `{"_rules_":[{"_match_route_":"a"}]}`, "_match_route_: must be a non-empty array of strings"},
		{"routes null", `{"_rules_":[{"_match_route_":null}]}`, "_match_route_: must be a non-empty array of strings"},
		{"routes numbers", `{"_rules_":[{"_match_route_":[1]}]}`, "_match_route_: must be a non-empty array of strings"},
		{"an empty route", `{"_rules_":[{"_match_route_":["a",""]}]}`, "_match_route_[1]: must not be empty"},
		{"a route with a bar", `{"_rules_":[{"_match_route_":["a|b"]}]}`, `_match_route_[0]: "a|b": a gateway route name has no '|'`},
		{"domains empty", `{"_rules_":[{"_match_domain_":[]}]}`, "_match_domain_: must be a non-empty array of strings"},
		{"an empty domain", `{"_rules_":[{"_match_domain_":[""]}]}`, "_match_domain_[0]: must not be empty"},
		{"a bare wildcard", `{"_rules_":[{"_match_domain_":["*"]}]}`, "only a leading"},
		{"a wildcard alone", `{"_rules_":[{"_match_domain_":["*."]}]}`, "a wildcard needs a domain"},
		{"a wildcard inside", `{"_rules_":[{"_match_domain_":["a.*.com"]}]}`, "only a leading"},
		{"a double wildcard", `{"_rules_":[{"_match_domain_":["*.*.com"]}]}`, "only a leading"},
		{"a domain with a port", `{"_rules_":[{"_match_domain_":["a.com:8080"]}]}`, "without port"},
		{"a domain with a path", `{"_rules_":[{"_match_domain_":["a.com/x"]}]}`, "without port"},
		{"an empty label", `{"_rules_":[{"_match_domain_":["a..com"]}]}`, "empty label"},
		{"a leading dot", `{"_rules_":[{"_match_domain_":[".a.com"]}]}`, "empty label"},
		{"a trailing empty label", `{"_rules_":[{"_match_domain_":["a.com.."]}]}`, "empty label"},
		{"a dot alone", `{"_rules_":[{"_match_domain_":["."]}]}`, "must name a host"},
		{"a bad default", `{"nope":1}`, `unknown field "nope"`},
		{"a bad default next to rules", `{"nope":1,"_rules_":[{"_match_route_":["a"]}]}`, `unknown field "nope"`},
		{"a bad rule config", `{"_rules_":[{"_match_route_":["a"],"name":7}]}`, "_rules_[0]: name: must be a string"},
		{"the second rule bad", `{"_rules_":[{"_match_route_":["a"]},{"_match_route_":[]}]}`, "_rules_[1]: _match_route_"},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			_, err := Parse([]byte(c.config), parseName)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Parse(%s) = %v, want an error with %q", c.config, err, c.want)
			}
		})
	}
}

func TestFor(t *testing.T) {
	const scoped = `{"name":"default","_rules_":[
		{"_match_route_":["orders","users"],"name":"orders"},
		{"_match_domain_":["API.example.com"],"name":"api"},
		{"_match_domain_":["*.example.com"],"name":"wild"},
		{"_match_route_":["late"],"name":"late"}]}`
	const rulesOnly = `{"_rules_":[{"_match_route_":["orders"],"name":"orders"}]}`
	cases := []struct {
		desc, config, route, host string
		want                      string
		ok                        bool
	}{
		{"no config at all is the empty default", ``, "r", "h", "", true},
		{"blank config is the empty default", " \n", "r", "h", "", true},
		{"an empty object is the default", `{}`, "r", "h", "", true},
		{"a config without rules is the default", `{"name":"x"}`, "r", "h", "x", true},
		{"an empty rule list keeps the default", `{"name":"x","_rules_":[]}`, "r", "h", "x", true},
		{"an empty rule list alone has no default", `{"_rules_":[]}`, "r", "h", "", false},
		{"a rule with nothing else gets the empty config", `{"_rules_":[{"_match_route_":["r"]}]}`, "r", "h", "", true},
		{"a route rule", scoped, "orders", "x.test", "orders", true},
		{"the second route of a rule", scoped, "users", "x.test", "orders", true},
		{"a governance split of the route", scoped, "orders|v2|orders.0", "x.test", "orders", true},
		{"only the part before the first bar counts", scoped, "x|orders", "x.test", "default", true},
		{"route names are exact", scoped, "Orders", "x.test", "default", true},
		{"no route and no host", scoped, "", "", "default", true},
		{"the first matching rule wins", scoped, "late", "api.example.com", "api", true},
		{"a route rule before a domain rule", scoped, "orders", "api.example.com", "orders", true},
		{"a later route rule", scoped, "late", "x.test", "late", true},
		{"an exact domain", scoped, "r", "api.example.com", "api", true},
		{"an exact domain with a port", scoped, "r", "api.example.com:8443", "api", true},
		{"domains ignore case", scoped, "r", "Api.Example.COM", "api", true},
		{"a trailing dot", scoped, "r", "api.example.com.", "api", true},
		{"a subdomain", scoped, "r", "www.example.com", "wild", true},
		{"a deeper subdomain", scoped, "r", "a.b.example.com:80", "wild", true},
		{"the wildcard's own domain does not match", scoped, "r", "example.com", "default", true},
		{"a look-alike domain does not match", scoped, "r", "badexample.com", "default", true},
		{"an unmatched domain", scoped, "r", "other.test", "default", true},
		{"an IPv6 host", scoped, "r", "[::1]:8080", "default", true},
		{"rules alone: a match", rulesOnly, "orders", "h", "orders", true},
		{"rules alone: no match does nothing", rulesOnly, "other", "h", "", false},
		{"a pattern's trailing dot", `{"_rules_":[{"_match_domain_":["*.A.test."],"name":"a"}]}`, "r", "x.a.test", "a", true},
		{"a domain rule alone", `{"_rules_":[{"_match_domain_":["a.test"],"name":"a"}]}`, "r", "A.test:1", "a", true},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			s, err := Parse([]byte(c.config), parseName)
			if err != nil {
				t.Fatalf("Parse(%s): %v", c.config, err)
			}
			got, ok := s.For(c.route, c.host)
			if got.Name != c.want || ok != c.ok {
				t.Fatalf("For(%q, %q) = %q, %v; want %q, %v", c.route, c.host, got.Name, ok, c.want, c.ok)
			}
		})
	}
}

// A rule's config reaches the plugin without the match keys, and the
// default without the rules, so a strict plugin parser accepts both.
func TestParseHandsOverPluginFieldsOnly(t *testing.T) {
	var seen []string
	_, err := Parse([]byte(`{"name":"d","_rules_":[{"_match_domain_":["a.test"],"name":"r","x":1}],"y":2}`),
		func(o *conf.Object) (name, error) {
			var fields []string
			for _, f := range []string{"name", "x", "y", "_rules_", "_match_domain_"} {
				if _, ok := o.Rest().Pop(f); ok {
					fields = append(fields, f)
				}
			}
			sort.Strings(fields)
			seen = append(seen, strings.Join(fields, ","))
			return name{}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`name,x`, `name,y`}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Fatalf("parse saw %v, want %v", seen, want)
	}
}

func TestHostname(t *testing.T) {
	cases := []struct{ in, want string }{
		{"example.com", "example.com"},
		{"Example.COM:8080", "example.com"},
		{"example.com.", "example.com"},
		{" example.com ", "example.com"},
		{"10.0.0.1:80", "10.0.0.1"},
		{"[::1]:80", "[::1]"},
		{"[::1]", "[::1]"},
		{"[::1", "[::1"},
		{"::1", "::1"},
		{"", ""},
	}
	for _, c := range cases {
		if got := hostname(c.in); got != c.want {
			t.Errorf("hostname(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// request captures what Request reads inside a real HTTP callback.
type request struct {
	types.DefaultHttpContext
	route, host *string
}

func (r *request) OnHttpRequestHeaders(int, bool) types.Action {
	*r.route, *r.host = Request()
	return types.ActionContinue
}

func TestRequest(t *testing.T) {
	cases := []struct {
		desc      string
		xdsRoute  string // xds.route_name; "" leaves it unset
		route     string // route_name; "" leaves it unset
		headers   [][2]string
		wantRoute string
		wantHost  string
	}{
		{"both known", "orders|v1", "", [][2]string{{":authority", "api.test:8080"}}, "orders|v1", "api.test:8080"},
		{"the router's route name", "", "orders", [][2]string{{":authority", "api.test"}}, "orders", "api.test"},
		{"the picked route first", "picked", "routed", nil, "picked", ""},
		{"no route", "", "", [][2]string{{":authority", "api.test"}}, "", "api.test"},
		{"no authority", "orders", "", nil, "orders", ""},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			var route, host string
			opt := proxytest.NewEmulatorOption().WithHttpContext(func(uint32) types.HttpContext {
				return &request{route: &route, host: &host}
			})
			if c.xdsRoute != "" {
				opt = opt.WithProperty([]string{"xds", "route_name"}, []byte(c.xdsRoute))
			}
			if c.route != "" {
				opt = opt.WithProperty([]string{"route_name"}, []byte(c.route))
			}
			h, reset := proxytest.NewHostEmulator(opt)
			defer reset()
			id := h.InitializeHttpContext()
			h.CallOnRequestHeaders(id, c.headers, true)
			if route != c.wantRoute || host != c.wantHost {
				t.Fatalf("Request() = %q, %q; want %q, %q", route, host, c.wantRoute, c.wantHost)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	cases := []struct {
		desc, config string
		wantErr      bool
		want         string
	}{
		{"no configuration", "", false, ""},
		{"a configuration", `{"name":"x"}`, false, "x"},
		{"a bad configuration", `{"name":1}`, true, ""},
	}
	for _, c := range cases {
		t.Run(c.desc, func(t *testing.T) {
			var s *Set[name]
			var err error
			opt := proxytest.NewEmulatorOption().WithPluginConfiguration([]byte(c.config)).
				WithPluginContext(func(uint32) types.PluginContext { return &loader{set: &s, err: &err} })
			h, reset := proxytest.NewHostEmulator(opt)
			defer reset()
			h.StartPlugin()
			if (err != nil) != c.wantErr {
				t.Fatalf("Load: %v, want an error: %v", err, c.wantErr)
			}
			if err == nil {
				if got, _ := s.For("", ""); got.Name != c.want {
					t.Fatalf("Load answered %q, want %q", got.Name, c.want)
				}
			}
		})
	}
}

type loader struct {
	types.DefaultPluginContext
	set **Set[name]
	err *error
}

func (l *loader) OnPluginStart(int) types.OnPluginStartStatus {
	*l.set, *l.err = Load(parseName)
	return *l.err == nil
}
