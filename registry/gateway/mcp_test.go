package gateway

import (
	"encoding/json"
	"strings"
	"testing"
)

func mcpRoute(name string) Route {
	return Route{Name: "r1", Domains: []string{"*"}, Destination: Destination{MCP: &MCPRef{Name: name}}}
}

func TestValidateMCPRouteRefuses(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *Route)
		want   string
	}{
		{"no domains", func(r *Route) { r.Domains = nil }, "domains: at least one domain is required"},
		{"with service", func(r *Route) { r.Destination.Service = "orders" }, "destination.service: cannot be set with destination.mcp"},
		{"with group", func(r *Route) { r.Destination.Group = "g" }, "destination.group: cannot be set with destination.mcp"},
		{"with namespace", func(r *Route) { r.Destination.Namespace = "public" }, "destination.namespace: cannot be set"},
		{"with port", func(r *Route) { r.Destination.Port = 80 }, "destination.port: cannot be set"},
		{"no name", func(r *Route) { r.Destination.MCP.Name = " " }, "destination.mcp.name: is required"},
		{"slash name", func(r *Route) { r.Destination.MCP.Name = "a/b" }, `destination.mcp.name: "a/b" must not contain '/'`},
		{"long name", func(r *Route) { r.Destination.MCP.Name = strings.Repeat("a", 257) }, "destination.mcp.name:"},
		{"control name", func(r *Route) { r.Destination.MCP.Name = "a\x01" }, "must not contain control characters"},
		{"bad namespace", func(r *Route) { r.Destination.MCP.Namespace = "a.b" }, "destination.mcp.namespace:"},
		{"bad version", func(r *Route) { r.Destination.MCP.Version = "1/2" }, "destination.mcp.version:"},
		{"long version", func(r *Route) { r.Destination.MCP.Version = strings.Repeat("1", 65) }, "destination.mcp.version:"},
		{"name not a segment", func(r *Route) { r.Destination.MCP.Name = "my weather" }, `match.path: destination.mcp.name "my weather" cannot be a path segment; give match.path`},
		{"regex", func(r *Route) { r.Match.Path = PathMatch{Type: PathRegex, Value: "/mcp/.*"} }, "match.path.type: an MCP route matches a prefix or an exact path"},
		{"trailing slash", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "/mcp/w/"} }, "match.path.value: \"/mcp/w/\": an MCP route's prefix matches whole path segments"},
		{"relative", func(r *Route) { r.Match.Path = PathMatch{Type: PathPrefix, Value: "mcp"} }, "match.path.value: \"mcp\" must start with '/'"},
		{"method", func(r *Route) { r.Match.Methods = []string{"BREW"} }, "match.methods[0]:"},
		{"rewrite", func(r *Route) { r.Rewrite = &Rewrite{Prefix: "/x"} }, "rewrite: an MCP route is rewritten to the server's exportPath"},
		{"timeout", func(r *Route) { r.Timeout = "2h" }, "timeout: must be above 0 and at most 1h"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mcpRoute("weather")
			c.change(&r)
			err := ValidateRoute(&r)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestValidateMCPRouteDefaults(t *testing.T) {
	r := mcpRoute("weather")
	if err := ValidateRoute(&r); err != nil {
		t.Fatal(err)
	}
	if r.Match.Path != (PathMatch{Type: PathPrefix, Value: "/mcp/weather"}) || r.Destination.MCP.Namespace != "public" {
		t.Fatalf("defaults not filled: %+v %+v", r.Match.Path, r.Destination.MCP)
	}
	// A name that is no path segment is fine with an explicit path.
	r = mcpRoute("my weather")
	r.Match.Path = PathMatch{Type: PathExact, Value: "/weather"}
	if err := ValidateRoute(&r); err != nil {
		t.Fatal(err)
	}
}

// An MCP destination answers only its mcp part; a service one keeps its
// fields.
func TestDestinationJSON(t *testing.T) {
	for _, c := range []struct {
		d    Destination
		want string
	}{
		{Destination{MCP: &MCPRef{Namespace: "public", Name: "w", Version: "1.0"}}, `{"mcp":{"namespace":"public","name":"w","version":"1.0"}}`},
		{Destination{Service: "orders", Group: "g", Namespace: "public"}, `{"service":"orders","group":"g","namespace":"public","port":0}`},
	} {
		b, err := json.Marshal(c.d)
		if err != nil || string(b) != c.want {
			t.Errorf("%s %v, want %s", b, err, c.want)
		}
		var back Destination
		if err := json.Unmarshal(b, &back); err != nil || (back.MCP == nil) != (c.d.MCP == nil) {
			t.Errorf("round trip of %s: %+v %v", b, back, err)
		}
	}
}
