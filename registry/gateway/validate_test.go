package gateway

import (
	"strings"
	"testing"
)

func TestValidateGatewayRefuses(t *testing.T) {
	l := func(name string, port int, proto string) Listener {
		return Listener{Name: name, Port: port, Protocol: proto}
	}
	cases := []struct {
		name      string
		listeners []Listener
		want      string
	}{
		{"none", nil, "listeners: at least one listener is required"},
		{"port zero", []Listener{l("a", 0, "HTTP")}, "listeners[0].port: must be 1-65535"},
		{"port too big", []Listener{l("a", 80, ""), l("b", 65536, "HTTP")}, "listeners[1].port: must be 1-65535"},
		{"duplicate port", []Listener{l("a", 80, ""), l("b", 80, "")}, "listeners[1].port: 80 is already the port of listeners[0]"},
		{"duplicate name", []Listener{l("a", 80, ""), l("a", 81, "")}, "listeners[1].name: \"a\" is already the name of listeners[0]"},
		{"bad name", []Listener{l("-a", 80, "")}, "listeners[0].name: must be 1-64"},
		{"https", []Listener{l("a", 443, "HTTPS")}, "listeners[0].protocol: HTTPS listeners are not supported yet; use HTTP"},
		{"tcp", []Listener{l("a", 443, "tcp")}, "listeners[0].protocol: TCP listeners are not supported yet"},
		{"unknown", []Listener{l("a", 443, "QUIC")}, "listeners[0].protocol: must be HTTP"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateGateway(&Gateway{Listeners: c.listeners})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestValidateGatewayDefaultsProtocol(t *testing.T) {
	g := Gateway{Listeners: []Listener{{Name: "http", Port: 80}, {Name: "alt", Port: 8080, Protocol: "http"}}}
	if err := ValidateGateway(&g); err != nil {
		t.Fatal(err)
	}
	for _, l := range g.Listeners {
		if l.Protocol != ProtocolHTTP {
			t.Fatalf("protocol %q, want HTTP", l.Protocol)
		}
	}
}

func TestValidateKey(t *testing.T) {
	for _, k := range []Key{{"", "gw"}, {"p/x", "gw"}, {"p", ""}, {"p", "a|b"}, {"p", strings.Repeat("a", 65)}} {
		if err := ValidateKey(k); err == nil {
			t.Errorf("%+v accepted", k)
		}
	}
	if err := ValidateKey(Key{"0d5ae5c4f3d14b2fa1d4b0c8c7e0e1f2", "gw-1.a_b"}); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRouteRefuses(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *Route)
		want   string
	}{
		{"no name", func(r *Route) { r.Name = "" }, "name: must be"},
		{"no domains", func(r *Route) { r.Domains = nil }, "domains: at least one domain is required"},
		{"bad domain", func(r *Route) { r.Domains = []string{"a..b"} }, "domains[0]: \"a..b\" is not a host name"},
		{"mid wildcard", func(r *Route) { r.Domains = []string{"a.*.com"} }, "domains[0]:"},
		{"bad port", func(r *Route) { r.Domains = []string{"a.com:0"} }, "domains[0]: \"a.com:0\" has a port that is not 1-65535"},
		{"dup domain", func(r *Route) { r.Domains = []string{"A.com", "a.com"} }, "domains[1]: \"a.com\" repeats domains[0]"},
		{"path type", func(r *Route) { r.Match.Path = PathMatch{Type: "glob", Value: "/"} }, "match.path.type: \"glob\" must be prefix, exact or regex"},
		{"path no type", func(r *Route) { r.Match.Path = PathMatch{Value: "/a"} }, "match.path.type: is required"},
		{"relative prefix", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "api"} }, "match.path.value: \"api\" must start with '/'"},
		{"exact space", func(r *Route) { r.Match.Path = PathMatch{Type: PathExact, Value: "/a b"} }, "match.path.value: \"/a b\" must not contain"},
		{"long path", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "/" + strings.Repeat("a", 1024)} }, "match.path.value: must be at most 1024 bytes"},
		{"bad regex", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: "/(a"} }, "match.path.value: \"/(a\" is not an RE2 regular expression"},
		{"backref", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: `/(a)\1`} }, "is not an RE2 regular expression"},
		{"lookahead", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: `/(?=a)`} }, "is not an RE2 regular expression"},
		{"huge regex", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: "/[a-z]{0,200}"} }, "too complex for Envoy (its RE2 program size limit is 100)"},
		{"method", func(r *Route) { r.Match.Methods = []string{"GET", "FETCH"} }, "match.methods[1]: \"FETCH\" is not an HTTP method"},
		{"dup method", func(r *Route) { r.Match.Methods = []string{"GET", "get"} }, "match.methods[1]: GET is listed twice"},
		{"header none", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: "x"}} }, "match.headers[0]: exactly one of exact, prefix and regex is required"},
		{"header two", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: "x", Exact: ptr("a"), Prefix: ptr("a")}} }, "match.headers[0]: exactly one"},
		{"header name", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: "x y", Exact: ptr("a")}} }, "match.headers[0].name: \"x y\" is not an HTTP header name"},
		{"pseudo header", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: ":path", Exact: ptr("a")}} }, "match.headers[0].name: \":path\" is a pseudo-header"},
		{"empty prefix", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: "x", Prefix: ptr("")}} }, "match.headers[0].prefix: must not be empty"},
		{"header regex", func(r *Route) { r.Match.Headers = []HeaderMatch{{Name: "x", Regex: ptr("[")}} }, "match.headers[0].regex:"},
		{"no service", func(r *Route) { r.Destination.Service = " " }, "destination.service: is required"},
		{"bad service", func(r *Route) { r.Destination.Service = "a b" }, "destination.service: \"a b\" is not a service name"},
		{"bad group", func(r *Route) { r.Destination.Group = "a/b" }, "destination.group:"},
		{"bad namespace", func(r *Route) { r.Destination.Namespace = "a.b" }, "destination.namespace:"},
		{"bad dest port", func(r *Route) { r.Destination.Port = 70000 }, "destination.port: must be 1-65535, or 0"},
		{"negative port", func(r *Route) { r.Destination.Port = -1 }, "destination.port:"},
		{"timeout text", func(r *Route) { r.Timeout = "soon" }, "timeout: \"soon\" is not a duration"},
		{"timeout zero", func(r *Route) { r.Timeout = "0s" }, "timeout: must be above 0 and at most 1h"},
		{"timeout long", func(r *Route) { r.Timeout = "61m" }, "timeout: must be above 0 and at most 1h"},
		{"rewrite", func(r *Route) { r.Rewrite = &Rewrite{Prefix: "x"} }, "rewrite.prefix: \"x\" must start with '/'"},
		{"rewrite regex", func(r *Route) {
			r.Match.Path = PathMatch{Type: PathRegex, Value: "/a.*"}
			r.Rewrite = &Rewrite{Prefix: "/"}
		}, "rewrite.prefix: cannot be used with a regex path match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := route("r1", "orders")
			c.change(&r)
			err := ValidateRoute(&r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestValidateRouteAcceptsAndFillsDefaults(t *testing.T) {
	r := Route{
		Name:    "r1",
		Domains: []string{"*", "*.Example.com", "api.example.com:8080", "10.0.0.1", "*.example.org:443"},
		Match: Match{
			Methods: []string{"get", "POST"},
			Headers: []HeaderMatch{{Name: "x-env", Exact: ptr("")}, {Name: "x-v", Regex: ptr("v[0-9]+")}},
		},
		Destination: Destination{Service: "orders"},
		Timeout:     "1.5s",
		Rewrite:     &Rewrite{Prefix: "/"},
	}
	if err := ValidateRoute(&r); err != nil {
		t.Fatal(err)
	}
	if r.Match.Path != (PathMatch{Type: PathPrefix, Value: "/"}) {
		t.Errorf("path %+v, want prefix /", r.Match.Path)
	}
	if r.Destination.Group != DefaultGroup || r.Destination.Namespace != DefaultNamespace {
		t.Errorf("destination %+v lacks its defaults", r.Destination)
	}
	if r.Domains[1] != "*.example.com" || r.Match.Methods[0] != "GET" {
		t.Errorf("not normalised: %v %v", r.Domains, r.Match.Methods)
	}
	for _, re := range []string{`^/api/v[0-9]+/users/[a-z0-9-]+$`, `/(?i)orders/.*`} {
		r.Match.Path = PathMatch{Type: PathRegex, Value: re}
		r.Rewrite = nil
		if err := ValidateRoute(&r); err != nil {
			t.Errorf("%s: %v", re, err)
		}
	}
}

// Calibrated against Envoy 1.40's RE2 program size limit (100): what Envoy
// accepts near the limit passes, what it refuses does not.
func TestRegexCostAgainstEnvoy(t *testing.T) {
	accepted := []string{`/[a-zA-Z0-9._-]{0,14}`, `/[a-z]{0,45}`, `/.{0,25}`, `/[^/]{0,20}`, `/\pL{6}`,
		`^/api/v[0-9]+/users/[a-z0-9-]+$`, `/[^/]+/[^/]+/[^/]+/[^/]+`, `/x{90}`}
	refused := []string{`/[a-zA-Z0-9._-]{0,20}`, `/[a-zA-Z0-9._-]{25}`, `/[a-z]{0,48}`, `/.{0,45}`,
		`/\pL{0,20}`, `/\pL{60}`, `/x{99}`}
	for _, re := range accepted {
		if err := checkRegex("r", re); err != nil {
			t.Errorf("%s refused: %v", re, err)
		}
	}
	for _, re := range refused {
		if err := checkRegex("r", re); err == nil {
			t.Errorf("%s accepted; Envoy refuses it", re)
		}
	}
}
