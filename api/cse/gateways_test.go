package cse

import (
	"net/http"
	"strings"
	"testing"
)

func TestGatewayEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	out := f.must(http.StatusOK, "PUT", gwPath, `{"listeners":[{"name":"http","port":8080}]}`)
	ls, _ := out["listeners"].([]any)
	if out["id"] != "gw1" || len(ls) != 1 || ls[0].(map[string]any)["protocol"] != "HTTP" {
		t.Fatalf("put answered %v", out)
	}
	if got := f.must(http.StatusOK, "GET", gwPath, ""); got["id"] != "gw1" {
		t.Fatalf("get answered %v", got)
	}
	// A GET body, id included, can be PUT back with a change.
	out = f.must(http.StatusOK, "PUT", gwPath,
		`{"id":"gw1","listeners":[{"name":"http","port":8080,"protocol":"HTTP"},{"name":"alt","port":9090,"protocol":"http"}]}`)
	if ls, _ := out["listeners"].([]any); len(ls) != 2 {
		t.Fatalf("replace answered %v", out)
	}
	f.must(http.StatusOK, "POST", routesURL, routeBody)
	if out := f.must(http.StatusOK, "DELETE", gwPath, ""); out != nil {
		t.Fatalf("delete answered a body: %v", out)
	}
	code, out := f.do("GET", gwPath, "")
	wantError(t, code, out, http.StatusNotFound, "SVCSTG.00400106", "gateway gw1 does not exist in project default")
	code, out = f.do("GET", routesURL, "")
	wantError(t, code, out, http.StatusNotFound, "SVCSTG.00400106", "gateway gw1 does not exist")
	code, out = f.do("DELETE", gwPath, "")
	wantError(t, code, out, http.StatusNotFound, "SVCSTG.00400106", "does not exist")
}

func TestListGateways(t *testing.T) {
	f := newFixture(t, nil)
	const list = "/v2/default/enginemgr/gateways"
	if out := f.must(http.StatusOK, "GET", list, ""); out["total"] != 0.0 || len(out["data"].([]any)) != 0 {
		t.Fatalf("empty list answered %v", out)
	}
	for _, id := range []string{"gw2", "gw1"} {
		f.must(http.StatusOK, "PUT", list+"/"+id, gwBody)
	}
	f.must(http.StatusOK, "PUT", "/v2/other/enginemgr/gateways/gw9", gwBody)
	out := f.must(http.StatusOK, "GET", list, "")
	data, _ := out["data"].([]any)
	if out["total"] != 2.0 || len(data) != 2 || data[0].(map[string]any)["id"] != "gw1" || data[1].(map[string]any)["id"] != "gw2" {
		t.Fatalf("list answered %v, want gw1 and gw2 of project default only", out)
	}
	code, bad := f.do("GET", "/v2/"+strings.Repeat("p", 65)+"/enginemgr/gateways", "")
	wantError(t, code, bad, http.StatusBadRequest, "SVCSTG.00400100", "project_id: must be 1-64")
}

// badGatewayInputs are PUT bodies (and paths) refused with 400
// SVCSTG.00400100 and the detail given.
var badGatewayInputs = []struct {
	name, path, body, detail string
}{
	{"empty body", gwPath, "", "body: a JSON value is required"},
	{"malformed", gwPath, `{"listeners":[`, "body: malformed JSON"},
	{"syntax", gwPath, `{"listeners":x}`, "body: malformed JSON at offset"},
	{"unknown field", gwPath, `{"listeners":[],"extra":1}`, `body: unknown field "extra"`},
	{"unknown nested field", gwPath, `{"listeners":[{"name":"a","port":80,"tls":true}]}`, `body: unknown field "tls"`},
	{"port as text", gwPath, `{"listeners":[{"name":"a","port":"80"}]}`, "listeners.port: must be an integer, not a JSON string"},
	{"port fraction", gwPath, `{"listeners":[{"name":"a","port":80.5}]}`, "listeners.port: must be an integer"},
	{"listeners object", gwPath, `{"listeners":{}}`, "listeners: must be an array"},
	{"top-level array", gwPath, `[]`, "body: must be an object"},
	{"trailing data", gwPath, gwBody + `{}`, "body: unexpected data after the JSON value"},
	{"too large", gwPath, `{"listeners":[` + strings.Repeat(" ", 1<<20) + `]}`, "body: is larger than 1 MiB"},
	{"no listeners", gwPath, `{}`, "listeners: at least one listener is required"},
	{"null listeners", gwPath, `{"listeners":null}`, "listeners: at least one listener is required"},
	{"port zero", gwPath, `{"listeners":[{"name":"a","port":0}]}`, "listeners[0].port: must be 1-65535"},
	{"port range", gwPath, `{"listeners":[{"name":"a","port":80},{"name":"b","port":65536}]}`, "listeners[1].port: must be 1-65535"},
	{"duplicate port", gwPath, `{"listeners":[{"name":"a","port":80},{"name":"b","port":80}]}`, "listeners[1].port: 80 is already the port of listeners[0]"},
	{"duplicate name", gwPath, `{"listeners":[{"name":"a","port":80},{"name":"a","port":81}]}`, `listeners[1].name: "a" is already the name`},
	{"https", gwPath, `{"listeners":[{"name":"a","port":443,"protocol":"HTTPS"}]}`, "listeners[0].protocol: HTTPS listeners are not supported yet; use HTTP"},
	{"tcp", gwPath, `{"listeners":[{"name":"a","port":443,"protocol":"TCP"}]}`, "listeners[0].protocol: TCP listeners are not supported yet"},
	{"other id", gwPath, `{"id":"gw2","listeners":[{"name":"a","port":80}]}`, `id: "gw2" differs from the gateway_id of the path`},
	{"bad gateway id", "/v2/default/enginemgr/gateways/a%7Cb", gwBody, "gateway_id: must be"},
	{"bad project", "/v2/a%2Fb/enginemgr/gateways/gw1", gwBody, "project_id: must be"},
}

func TestGatewayBadInput(t *testing.T) {
	for _, c := range badGatewayInputs {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			before := f.storeRevision()
			code, out := f.do("PUT", c.path, c.body)
			wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", c.detail)
			if f.storeRevision() != before {
				t.Fatal("a refused request wrote to the store")
			}
		})
	}
}

func TestGatewayReplaceRefusedKeepsTheOld(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	before := f.storeRevision()
	code, out := f.do("PUT", gwPath, `{"listeners":[{"name":"a","port":80,"protocol":"TCP"}]}`)
	wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", "protocol")
	got := f.must(http.StatusOK, "GET", gwPath, "")
	if ls := got["listeners"].([]any); f.storeRevision() != before || ls[0].(map[string]any)["port"] != 8080.0 {
		t.Fatalf("the gateway changed: %v", got)
	}
}
