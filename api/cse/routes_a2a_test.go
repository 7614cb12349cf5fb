package cse

import (
	"net/http"
	"strings"
	"testing"
)

const a2aRouteBody = `{"name":"planner","domains":["*"],"destination":{"a2a":{"name":"planner","publicURL":"https://gw.example.com/"}}}`

// A route to an A2A agent is answered with its defaults (namespace
// public, path /a2a/{name}, publicURL without its trailing '/') and only
// the a2a part of its destination; one naming an agent that is not
// registered is stored with a warning.
func TestA2ARouteEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	created := f.must(http.StatusOK, "POST", routesURL, a2aRouteBody)
	dest := created["destination"].(map[string]any)
	a2a, _ := dest["a2a"].(map[string]any)
	if len(dest) != 1 || a2a["namespace"] != "public" || a2a["name"] != "planner" ||
		a2a["publicURL"] != "https://gw.example.com" || created["warnings"] != nil {
		t.Fatalf("created %v", created)
	}
	if p := created["match"].(map[string]any)["path"].(map[string]any); p["type"] != "prefix" || p["value"] != "/a2a/planner" {
		t.Fatalf("path default: %v", p)
	}
	id := created["id"].(string)
	got := f.must(http.StatusOK, "GET", routesURL+"/"+id, "")
	f.must(http.StatusOK, "PUT", routesURL+"/"+id, mustJSON(t, got))

	ghost := f.must(http.StatusOK, "POST", routesURL, a2aWith(`{"a2a":{"name":"ghost","publicURL":"http://gw"}}`, "ghost"))
	if w, _ := ghost["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "destination.a2a: agent `ghost` not found") {
		t.Fatalf("no warning for an unknown agent: %v", ghost)
	}
}

func a2aWith(dest, name string) string {
	return `{"name":"` + name + `","domains":["*"],"destination":` + dest + `}`
}

// badA2ARouteBodies are A2A route bodies refused with 400 SVCSTG.00400100.
var badA2ARouteBodies = []struct {
	name, body, detail string
}{
	{"a2a type", a2aWith(`{"a2a":"planner"}`, "p"), "destination.a2a: must be an object"},
	{"name type", a2aWith(`{"a2a":{"name":7}}`, "p"), "destination.a2a.name: must be a string"},
	{"unknown field", a2aWith(`{"a2a":{"name":"p","url":"x"}}`, "p"), `body: unknown field "url"`},
	{"no name", a2aWith(`{"a2a":{"publicURL":"http://gw"}}`, "p"), "destination.a2a.name: is required"},
	{"no publicURL", a2aWith(`{"a2a":{"name":"p"}}`, "p"), "destination.a2a.publicURL: is required"},
	{"bad publicURL", a2aWith(`{"a2a":{"name":"p","publicURL":"gw:80"}}`, "p"), "destination.a2a.publicURL: \"gw:80\" is not an absolute http or https URL"},
	{"query publicURL", a2aWith(`{"a2a":{"name":"p","publicURL":"http://gw/?x"}}`, "p"), "destination.a2a.publicURL: \"http://gw/?x\" must not hold"},
	{"namespace", a2aWith(`{"a2a":{"name":"p","namespace":"a.b","publicURL":"http://gw"}}`, "p"), "destination.a2a.namespace:"},
	{"and service", a2aWith(`{"service":"orders","a2a":{"name":"p","publicURL":"http://gw"}}`, "p"), "destination.service: cannot be set with destination.a2a"},
	{"and mcp", a2aWith(`{"mcp":{"name":"w"},"a2a":{"name":"p","publicURL":"http://gw"}}`, "p"), "destination.mcp: cannot be set with destination.a2a"},
	{"exact", `{"name":"p","domains":["*"],"match":{"path":{"type":"exact","value":"/p"}},"destination":{"a2a":{"name":"p","publicURL":"http://gw"}}}`,
		"match.path.type: an A2A route matches a prefix"},
	{"rewrite", `{"name":"p","domains":["*"],"rewrite":{"prefix":"/x"},"destination":{"a2a":{"name":"p","publicURL":"http://gw"}}}`,
		"rewrite: an A2A route is rewritten to the path of the agent card's url"},
}

func TestA2ARouteBadBodies(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	id := f.must(http.StatusOK, "POST", routesURL, a2aRouteBody)["id"].(string)
	for _, c := range badA2ARouteBodies {
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
