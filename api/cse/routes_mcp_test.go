package cse

import (
	"net/http"
	"strings"
	"testing"
)

const mcpRouteBody = `{"name":"weather","domains":["*"],"destination":{"mcp":{"name":"weather"}}}`

// A route to an MCP server is answered with its defaults (namespace
// public, path /mcp/{name}) and only the mcp part of its destination; one
// naming a server that is not registered is stored with a warning.
func TestMCPRouteEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	created := f.must(http.StatusOK, "POST", routesURL, mcpRouteBody)
	dest := created["destination"].(map[string]any)
	mcp, _ := dest["mcp"].(map[string]any)
	if len(dest) != 1 || mcp["namespace"] != "public" || mcp["name"] != "weather" || created["warnings"] != nil {
		t.Fatalf("created %v", created)
	}
	if p := created["match"].(map[string]any)["path"].(map[string]any); p["type"] != "prefix" || p["value"] != "/mcp/weather" {
		t.Fatalf("path default: %v", p)
	}
	// What the API answered can be PUT back as is.
	id := created["id"].(string)
	got := f.must(http.StatusOK, "GET", routesURL+"/"+id, "")
	f.must(http.StatusOK, "PUT", routesURL+"/"+id, mustJSON(t, got))

	ghost := f.must(http.StatusOK, "POST", routesURL, `{"name":"ghost","domains":["*"],"destination":{"mcp":{"name":"ghost","version":"1.0"}}}`)
	if w, _ := ghost["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "destination.mcp: Mcp server [ghost] not found") {
		t.Fatalf("no warning for an unknown server: %v", ghost)
	}
}

func mcpWith(dest string) string {
	return `{"name":"weather","domains":["*"],"destination":` + dest + `}`
}

// badMCPRouteBodies are MCP route bodies refused with 400 SVCSTG.00400100.
var badMCPRouteBodies = []struct {
	name, body, detail string
}{
	{"mcp type", mcpWith(`{"mcp":"weather"}`), "destination.mcp: must be an object"},
	{"name type", mcpWith(`{"mcp":{"name":7}}`), "destination.mcp.name: must be a string"},
	{"unknown field", mcpWith(`{"mcp":{"name":"w","server":"x"}}`), `body: unknown field "server"`},
	{"no name", mcpWith(`{"mcp":{}}`), "destination.mcp.name: is required"},
	{"slash", mcpWith(`{"mcp":{"name":"a/b"}}`), `destination.mcp.name: "a/b" must not contain '/'`},
	{"namespace", mcpWith(`{"mcp":{"name":"w","namespace":"a.b"}}`), "destination.mcp.namespace: \"a.b\" is not a namespace"},
	{"version", mcpWith(`{"mcp":{"name":"w","version":"` + strings.Repeat("1", 65) + `"}}`), "destination.mcp.version:"},
	{"and service", mcpWith(`{"service":"orders","mcp":{"name":"w"}}`), "destination.service: cannot be set with destination.mcp"},
	{"and port", mcpWith(`{"port":80,"mcp":{"name":"w"}}`), "destination.port: cannot be set with destination.mcp"},
	{"not a segment", mcpWith(`{"mcp":{"name":"my weather"}}`), "match.path: destination.mcp.name \"my weather\" cannot be a path segment"},
	{"regex", `{"name":"w","domains":["*"],"match":{"path":{"type":"regex","value":"/m.*"}},"destination":{"mcp":{"name":"w"}}}`,
		"match.path.type: an MCP route matches a prefix or an exact path"},
	{"trailing slash", `{"name":"w","domains":["*"],"match":{"path":{"type":"prefix","value":"/m/"}},"destination":{"mcp":{"name":"w"}}}`,
		"match.path.value: \"/m/\": an MCP route's prefix matches whole path segments"},
	{"rewrite", `{"name":"w","domains":["*"],"rewrite":{"prefix":"/x"},"destination":{"mcp":{"name":"w"}}}`,
		"rewrite: an MCP route is rewritten to the server's exportPath"},
	{"timeout", `{"name":"w","domains":["*"],"timeout":"2h","destination":{"mcp":{"name":"w"}}}`, "timeout: must be above 0 and at most 1h"},
}

func TestMCPRouteBadBodies(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	id := f.must(http.StatusOK, "POST", routesURL, mcpRouteBody)["id"].(string)
	for _, c := range badMCPRouteBodies {
		for _, target := range []struct{ method, path string }{{"POST", routesURL}, {"PUT", routesURL + "/" + id}} {
			t.Run(c.name+"/"+target.method, func(t *testing.T) {
				before := f.storeRevision()
				code, out := f.do(target.method, target.path, c.body)
				wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", c.detail)
				if f.storeRevision() != before {
					t.Fatal("a refused request wrote to the store")
				}
			})
		}
	}
}
