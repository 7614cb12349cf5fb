package cse

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestRouteEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	created := f.must(http.StatusOK, "POST", routesURL, routeBody)
	id, _ := created["id"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) {
		t.Fatalf("id %q is not 32 hex digits", id)
	}
	dest := created["destination"].(map[string]any)
	if dest["group"] != "DEFAULT_GROUP" || dest["namespace"] != "public" || dest["port"] != 0.0 || created["warnings"] != nil {
		t.Fatalf("created %v", created)
	}
	ghost := f.must(http.StatusOK, "POST", routesURL, ghostRoute)
	if w, _ := ghost["warnings"].([]any); len(w) != 1 || !strings.Contains(w[0].(string), "ghost does not exist") {
		t.Fatalf("no warning for an unknown destination: %v", ghost)
	}
	if p := ghost["match"].(map[string]any)["path"].(map[string]any); p["type"] != "prefix" || p["value"] != "/" {
		t.Fatalf("path default: %v", p)
	}

	list := f.must(http.StatusOK, "GET", routesURL, "")
	data, _ := list["data"].([]any)
	if list["total"] != 2.0 || len(data) != 2 || data[0].(map[string]any)["id"] != id {
		t.Fatalf("list %v", list)
	}
	got := f.must(http.StatusOK, "GET", routesURL+"/"+id, "")
	if got["name"] != "orders" {
		t.Fatalf("get %v", got)
	}

	// A GET body, id and warnings included, goes back with a change.
	got["timeout"] = "1.5s"
	got["match"].(map[string]any)["methods"] = []string{"GET", "POST"}
	body, _ := json.Marshal(got)
	updated := f.must(http.StatusOK, "PUT", routesURL+"/"+id, string(body))
	if updated["timeout"] != "1.5s" || updated["id"] != id {
		t.Fatalf("update %v", updated)
	}
	if out := f.must(http.StatusOK, "DELETE", routesURL+"/"+id, ""); out != nil {
		t.Fatalf("delete answered %v", out)
	}
	code, out := f.do("GET", routesURL+"/"+id, "")
	wantError(t, code, out, http.StatusNotFound, "SVCSTG.00400106", "route "+id+" does not exist")
	if list := f.must(http.StatusOK, "GET", routesURL, ""); list["total"] != 1.0 {
		t.Fatalf("list after delete %v", list)
	}
}

// routeWith answers routeBody with one top-level field replaced by raw
// JSON (or removed when raw is "").
func routeWith(field, raw string) string {
	var m map[string]json.RawMessage
	_ = json.Unmarshal([]byte(routeBody), &m)
	if raw == "" {
		delete(m, field)
	} else {
		m[field] = json.RawMessage(raw)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func match(path string) string { return `{"path":` + path + `}` }

// badRouteBodies are POST and PUT bodies refused with 400 SVCSTG.00400100.
var badRouteBodies = []struct {
	name, body, detail string
}{
	{"empty", "", "body: a JSON value is required"},
	{"malformed", `{"name":`, "body: malformed JSON"},
	{"unknown field", routeWith("weight", "1"), `body: unknown field "weight"`},
	{"unknown path field", routeWith("match", match(`{"typ":"prefix"}`)), `body: unknown field "typ"`},
	{"name type", routeWith("name", "7"), "name: must be a string, not a JSON number"},
	{"domains type", routeWith("domains", `"*"`), "domains: must be an array, not a JSON string"},
	{"methods type", routeWith("match", `{"methods":"GET"}`), "match.methods: must be an array"},
	{"header value type", routeWith("match", `{"headers":[{"name":"x","exact":1}]}`), "match.headers.exact: must be a string"},
	{"port type", routeWith("destination", `{"service":"orders","port":"80"}`), "destination.port: must be an integer"},
	{"timeout type", routeWith("timeout", "15"), "timeout: must be a string, not a JSON number"},
	{"trailing", routeBody + "x", "body: unexpected data after the JSON value"},
	{"too large", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, "body: is larger than 1 MiB"},
	{"no name", routeWith("name", ""), "name: must be"},
	{"no domains", routeWith("domains", "[]"), "domains: at least one domain is required"},
	{"bad domain", routeWith("domains", `["exa mple.com"]`), `domains[0]: "exa mple.com" is not a host name`},
	{"domain port", routeWith("domains", `["a.com:99999"]`), "has a port that is not 1-65535"},
	{"path type", routeWith("match", match(`{"type":"glob","value":"/"}`)), `match.path.type: "glob" must be prefix, exact or regex`},
	{"relative path", routeWith("match", match(`{"type":"exact","value":"a"}`)), `match.path.value: "a" must start with '/'`},
	{"bad regex", routeWith("match", match(`{"type":"regex","value":"/(a"}`)), "is not an RE2 regular expression"},
	{"perl regex", routeWith("match", match(`{"type":"regex","value":"/(?!a)"}`)), "is not an RE2 regular expression"},
	{"regex too complex", routeWith("match", match(`{"type":"regex","value":"/.{0,100}"}`)), "too complex for Envoy"},
	{"long regex", routeWith("match", match(`{"type":"regex","value":"/`+strings.Repeat("a", 1024)+`"}`)), "must be at most 1024 bytes"},
	{"method", routeWith("match", `{"methods":["GET","BREW"]}`), `match.methods[1]: "BREW" is not an HTTP method`},
	{"header two kinds", routeWith("match", `{"headers":[{"name":"x","exact":"a","regex":"a"}]}`), "match.headers[0]: exactly one of exact, prefix and regex is required"},
	{"header no kind", routeWith("match", `{"headers":[{"name":"x"}]}`), "match.headers[0]: exactly one"},
	{"header regex", routeWith("match", `{"headers":[{"name":"x","regex":"("}]}`), "match.headers[0].regex:"},
	{"no service", routeWith("destination", `{"group":"g"}`), "destination.service: is required"},
	{"dest port", routeWith("destination", `{"service":"orders","port":70000}`), "destination.port: must be 1-65535, or 0"},
	{"timeout text", routeWith("timeout", `"soon"`), `timeout: "soon" is not a duration`},
	{"timeout long", routeWith("timeout", `"2h"`), "timeout: must be above 0 and at most 1h"},
	{"rewrite", routeWith("rewrite", `{"prefix":"v2"}`), `rewrite.prefix: "v2" must start with '/'`},
}

func TestRouteBadBodies(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	id := f.must(http.StatusOK, "POST", routesURL, routeBody)["id"].(string)
	for _, c := range badRouteBodies {
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

func TestRouteRefusals(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	id := f.must(http.StatusOK, "POST", routesURL, routeBody)["id"].(string)
	other := f.must(http.StatusOK, "POST", routesURL, ghostRoute)["id"].(string)
	missingGw := "/v2/default/enginemgr/gateways/nope/routes"
	cases := []struct {
		name, method, path, body string
		status                   int
		code, detail             string
	}{
		{"duplicate name", "POST", routesURL, routeBody, 409, "SVCSTG.00400107", `is already named "orders"`},
		{"rename onto another", "PUT", routesURL + "/" + other, routeBody, 409, "SVCSTG.00400107", `is already named "orders"`},
		{"id on create", "POST", routesURL, routeWith("id", `"abc"`), 400, "SVCSTG.00400100", "id: is assigned by the server"},
		{"other id on update", "PUT", routesURL + "/" + id, routeWith("id", `"abc"`), 400, "SVCSTG.00400100", `id: "abc" differs`},
		{"create without gateway", "POST", missingGw, routeBody, 404, "SVCSTG.00400106", "gateway nope does not exist"},
		{"list without gateway", "GET", missingGw, "", 404, "SVCSTG.00400106", "gateway nope does not exist"},
		{"get missing", "GET", routesURL + "/missing", "", 404, "SVCSTG.00400106", "route missing does not exist"},
		{"update missing", "PUT", routesURL + "/missing", routeBody, 404, "SVCSTG.00400106", "route missing does not exist"},
		{"delete missing", "DELETE", routesURL + "/missing", "", 404, "SVCSTG.00400106", "route missing does not exist"},
		{"bad gateway id", "POST", "/v2/default/enginemgr/gateways/-x/routes", routeBody, 400, "SVCSTG.00400100", "gateway_id: must be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.storeRevision()
			code, out := f.do(c.method, c.path, c.body)
			wantError(t, code, out, c.status, c.code, c.detail)
			if f.storeRevision() != before {
				t.Fatal("a refused request wrote to the store")
			}
		})
	}
}
