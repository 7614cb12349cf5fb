package cse

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

const http2RpcsURL = gwPath + "/http2Rpcs"

// withHTTP2RPC mounts the dialect again with the http2rpc routes over the
// fixture's gateways.
func withHTTP2RPC(f *fixture) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	reg, err := http2rpc.New(context.Background(), f.st, f.gw, http2rpc.Options{Logger: log})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(reg.Close)
	f.mux = http.NewServeMux()
	httpx.Mount(f.mux, nil, Dialect(f.gw, Options{Logger: log, HTTP2RPC: reg}))
}

const mappingBody = `{"name":"users","routeName":"orders","pluginConfig":{},
 "dubbo":{"service":"com.example.UserService","version":"1.0.0","group":"",
  "methods":[{"serviceMethod":"get","headersAttach":"*","httpMethods":["GET"],"httpPath":"/orders/{id}",
   "params":[{"paramKey":"id","paramSource":"PATH","paramType":"java.lang.Integer"},
             {"paramKey":"verbose","paramSource":"QUERY","paramType":"boolean"}]},
   {"serviceMethod":"create","httpMethods":["POST"],"httpPath":"/orders",
    "paramFromEntireBody":{"paramType":"com.example.Order"}}]}}`

func TestHTTP2RPCRoutes(t *testing.T) {
	f := newFixture(t, nil)
	withHTTP2RPC(f)
	f.must(200, "PUT", gwPath, gwBody)
	f.must(200, "POST", routesURL, routeBody)
	created := f.must(200, "POST", http2RpcsURL, mappingBody)
	id, _ := created["id"].(string)
	if id == "" || created["gatewayId"] != "gw1" || created["routeDestinationName"] != "providers:com.example.UserService:1.0.0:" {
		t.Fatalf("created: %v", created)
	}
	list := f.must(200, "GET", http2RpcsURL, "")
	if list["total"] != float64(1) || len(list["data"].([]any)) != 1 {
		t.Fatalf("list: %v", list)
	}
	got := f.must(200, "GET", http2RpcsURL+"/"+id, "")
	if got["name"] != "users" {
		t.Fatalf("get: %v", got)
	}
	upd := strings.Replace(mappingBody, `"name":"users"`, `"id":"`+id+`","name":"users-2"`, 1)
	if out := f.must(200, "PUT", http2RpcsURL+"/"+id, upd); out["name"] != "users-2" {
		t.Fatalf("update: %v", out)
	}
	f.must(200, "DELETE", http2RpcsURL+"/"+id, "")
	code, out := f.do("GET", http2RpcsURL+"/"+id, "")
	wantError(t, code, out, 404, "SVCSTG.00400106", "does not exist")
}

// Bad http2rpc bodies answer 400 in the CSE shape and store nothing.
func TestHTTP2RPCBadInputs(t *testing.T) {
	f := newFixture(t, nil)
	withHTTP2RPC(f)
	code, out := f.do("GET", http2RpcsURL, "")
	wantError(t, code, out, 404, "SVCSTG.00400106", "")
	f.must(200, "PUT", gwPath, gwBody)
	f.must(200, "POST", routesURL, routeBody)
	cases := map[string]string{
		"not JSON":          `{`,
		"unknown field":     `{"routeName":"orders","colour":1}`,
		"unknown route":     strings.Replace(mappingBody, `"routeName":"orders"`, `"routeName":"nope"`, 1),
		"bad source":        strings.Replace(mappingBody, `"paramSource":"QUERY"`, `"paramSource":"COOKIE"`, 1),
		"unbound variable":  strings.Replace(mappingBody, `"paramSource":"PATH"`, `"paramSource":"QUERY"`, 1),
		"unknown type":      strings.Replace(mappingBody, `"java.lang.Integer"`, `"Integr"`, 1),
		"duplicate pair":    strings.Replace(mappingBody, `"httpPath":"/orders"`, `"httpPath":"/orders/{x}"`, 1),
		"other gateway":     strings.Replace(mappingBody, `{"name":"users"`, `{"gatewayId":"gw9","name":"users"`, 1),
		"config not object": strings.Replace(mappingBody, `"pluginConfig":{}`, `"pluginConfig":[]`, 1),
	}
	before := f.storeRevision()
	for name, body := range cases {
		code, out := f.do("POST", http2RpcsURL, body)
		if code != 400 || out["error_code"] != "SVCSTG.00400100" {
			t.Errorf("%s: %d %v", name, code, out)
		}
	}
	if f.storeRevision() != before {
		t.Fatal("refused bodies wrote to the store")
	}
	f.must(200, "POST", http2RpcsURL, mappingBody)
	// A second mapping that claims a path of the first is refused; one on
	// another path is fine and leaves the first as it was.
	code, out = f.do("POST", http2RpcsURL, strings.Replace(mappingBody, `"name":"users"`, `"name":"other"`, 1))
	wantError(t, code, out, 400, "SVCSTG.00400100", "already mapped")
	second := strings.NewReplacer(`"name":"users"`, `"name":"other"`, `/orders/{id}`, `/orders/{id}/items`,
		`"httpPath":"/orders"`, `"httpPath":"/orders/bulk"`).Replace(mappingBody)
	f.must(200, "POST", http2RpcsURL, second)
	if list := f.must(200, "GET", http2RpcsURL, ""); list["total"] != float64(2) {
		t.Fatalf("list: %v", list)
	}
}
