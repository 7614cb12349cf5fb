package gateway

import (
	"encoding/json"
	"strings"
	"testing"
)

func a2aRoute(name string) Route {
	return Route{Name: "r1", Domains: []string{"*"},
		Destination: Destination{A2A: &A2ARef{Name: name, PublicURL: "https://gw.example.com/"}}}
}

func TestValidateA2ARouteRefuses(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *Route)
		want   string
	}{
		{"no domains", func(r *Route) { r.Domains = nil }, "domains: at least one domain is required"},
		{"with service", func(r *Route) { r.Destination.Service = "orders" }, "destination.service: cannot be set with destination.a2a"},
		{"with port", func(r *Route) { r.Destination.Port = 80 }, "destination.port: cannot be set with destination.a2a"},
		{"with mcp", func(r *Route) { r.Destination.MCP = &MCPRef{Name: "w"} }, "destination.mcp: cannot be set with destination.a2a"},
		{"no name", func(r *Route) { r.Destination.A2A.Name = "" }, "destination.a2a.name: is required"},
		{"slash name", func(r *Route) { r.Destination.A2A.Name = "a/b" }, `destination.a2a.name: "a/b" must not contain '/'`},
		{"long name", func(r *Route) { r.Destination.A2A.Name = strings.Repeat("a", 257) }, "destination.a2a.name:"},
		{"bad namespace", func(r *Route) { r.Destination.A2A.Namespace = "a.b" }, "destination.a2a.namespace:"},
		{"bad version", func(r *Route) { r.Destination.A2A.Version = "1/2" }, "destination.a2a.version:"},
		{"no publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "" }, "destination.a2a.publicURL: is required"},
		{"relative publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "gw.example.com" }, "destination.a2a.publicURL: \"gw.example.com\" is not an absolute http or https URL"},
		{"ftp publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "ftp://gw" }, "is not an absolute http or https URL"},
		{"query publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "http://gw/?a=1" }, "must not hold credentials, a query or a fragment"},
		{"fragment publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "http://gw/#x" }, "must not hold credentials, a query or a fragment"},
		{"user publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "http://u:p@gw" }, "must not hold credentials"},
		{"space publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "http://gw/a b" }, "destination.a2a.publicURL:"},
		{"long publicURL", func(r *Route) { r.Destination.A2A.PublicURL = "http://gw/" + strings.Repeat("a", 1024) }, "is longer than 1024 bytes"},
		{"name not a segment", func(r *Route) { r.Destination.A2A.Name = "my agent" }, `match.path: destination.a2a.name "my agent" cannot be a path segment`},
		{"exact", func(r *Route) { r.Match.Path = PathMatch{Type: PathExact, Value: "/a"} }, "match.path.type: an A2A route matches a prefix"},
		{"regex", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: "/a.*"} }, "match.path.type: an A2A route matches a prefix"},
		{"trailing slash", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "/a/"} }, `match.path.value: "/a/": an A2A route's prefix matches whole path segments`},
		{"relative", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "a"} }, `match.path.value: "a" must start with '/'`},
		{"rewrite", func(r *Route) { r.Rewrite = &Rewrite{Prefix: "/x"} }, "rewrite: an A2A route is rewritten to the path of the agent card's url"},
		{"timeout", func(r *Route) { r.Timeout = "2h" }, "timeout: must be above 0 and at most 1h"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a2aRoute("planner")
			c.change(&r)
			err := ValidateRoute(&r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestValidateA2ARouteDefaults(t *testing.T) {
	r := a2aRoute("planner")
	if err := ValidateRoute(&r); err != nil {
		t.Fatal(err)
	}
	want := A2ARef{Namespace: "public", Name: "planner", PublicURL: "https://gw.example.com"}
	if r.Match.Path != (PathMatch{Type: PathPrefix, Value: "/a2a/planner"}) || *r.Destination.A2A != want {
		t.Fatalf("defaults not filled: %+v %+v", r.Match.Path, r.Destination.A2A)
	}
	r = a2aRoute("my agent")
	r.Match.Path = PathMatch{Type: PathPrefix, Value: "/"}
	if err := ValidateRoute(&r); err != nil {
		t.Fatal(err)
	}
}

// An A2A destination answers only its a2a part, and reads back.
func TestA2ADestinationJSON(t *testing.T) {
	d := Destination{A2A: &A2ARef{Namespace: "public", Name: "p", PublicURL: "http://gw"}}
	b, err := json.Marshal(d)
	if want := `{"a2a":{"namespace":"public","name":"p","publicURL":"http://gw"}}`; err != nil || string(b) != want {
		t.Fatalf("%s %v, want %s", b, err, want)
	}
	var back Destination
	if err := json.Unmarshal(b, &back); err != nil || back.A2A == nil || *back.A2A != *d.A2A {
		t.Fatalf("round trip of %s: %+v %v", b, back, err)
	}
}
