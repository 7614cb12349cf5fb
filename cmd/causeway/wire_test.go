package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// The namespace APIs count the configs of the wired config centre: the
// empty tenant and "public" are the same namespace.
func TestNamespacesCountWiredConfigs(t *testing.T) {
	a, _ := newTestApp(t)
	if code, body := send(a.handler, http.MethodPost, "/nacos/v2/console/namespace",
		url.Values{"namespaceId": {"dev"}, "namespaceName": {"Dev"}}, true); code != 200 {
		t.Fatalf("create namespace: %d %s", code, body)
	}
	for _, c := range []url.Values{
		{"dataId": {"a"}, "group": {"G"}, "content": {"1"}},
		{"dataId": {"b"}, "group": {"G"}, "content": {"2"}, "tenant": {"public"}},
		{"dataId": {"a"}, "group": {"G"}, "content": {"3"}, "tenant": {"dev"}},
	} {
		if code, body := send(a.handler, http.MethodPost, "/nacos/v1/cs/configs", c, true); code != 200 {
			t.Fatalf("publish %v: %d %s", c, code, body)
		}
	}
	code, body := send(a.handler, http.MethodGet, "/nacos/v2/console/namespace/list", nil, false)
	for _, want := range []string{`"namespace":"","namespaceShowName":"public","namespaceDesc":"Default Namespace","quota":200,"configCount":2,`,
		`"namespace":"dev","namespaceShowName":"Dev","namespaceDesc":null,"quota":200,"configCount":1,`} {
		if code != 200 || !strings.Contains(body, want) {
			t.Fatalf("namespace list lacks %s: %d %s", want, code, body)
		}
	}
}

// The wired plugin registry takes an uploaded module, serves it back to
// Envoy without a token, and hands the gateway's plugin to the index in
// the index's terms.
func TestPluginsWiredFromUploadToIndex(t *testing.T) {
	a, _ := newTestApp(t)
	mod := plugintest.Noop(t)
	do := func(method, path, ctype string, body []byte) (int, []byte) {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes()
	}
	code, out := do(http.MethodPost, "/causeway/v1/wasm", "application/wasm", mod)
	var up struct{ URL, SHA256 string }
	if err := json.Unmarshal(out, &up); code != 200 || err != nil || !strings.HasPrefix(up.URL, "causeway://") {
		t.Fatalf("upload: %d %s", code, out)
	}
	if code, out := do(http.MethodGet, "/causeway/v1/wasm/"+up.SHA256+".wasm", "", nil); code != 200 || !bytes.Equal(out, mod) {
		t.Fatalf("module download: %d, %d bytes", code, len(out))
	}
	gw := `{"listeners":[{"name":"http","port":18080,"protocol":"HTTP"}]}`
	if code, out := do(http.MethodPut, "/v2/default/enginemgr/gateways/gw1", "application/json", []byte(gw)); code != 200 {
		t.Fatalf("put gateway: %d %s", code, out)
	}
	p := `{"pluginName":"noop","url":"` + up.URL + `","phase":"AUTHN","priority":3,"failStrategy":"FAIL_OPEN","pluginConfig":{"a":1}}`
	if code, out := do(http.MethodPost, "/v2/default/enginemgr/gateways/gw1/plugins", "application/json", []byte(p)); code != 200 {
		t.Fatalf("create plugin: %d %s", code, out)
	}
	src := pluginSource{reg: a.domain.plugins, modules: &moduleCache{}}
	got := src.GatewayPlugins(gateway.Key{Project: "default", ID: "gw1"})
	if len(got) != 1 || got[0].Name != "noop" || got[0].SHA256 != up.SHA256 || got[0].Phase != "AUTHN" ||
		got[0].Priority != 3 || !got[0].FailOpen || string(got[0].Config) != `{"a":1}` || !bytes.Equal(got[0].Module, mod) {
		t.Fatalf("index plugins: %+v", got)
	}
	// A disabled plugin is kept but left out of the filter chain.
	off := `{"pluginName":"off","url":"` + up.URL + `","disabled":true}`
	if code, out := do(http.MethodPost, "/v2/default/enginemgr/gateways/gw1/plugins", "application/json", []byte(off)); code != 200 ||
		!strings.Contains(string(out), `"disabled":true`) {
		t.Fatalf("create a disabled plugin: %d %s", code, out)
	}
	if got := src.GatewayPlugins(gateway.Key{Project: "default", ID: "gw1"}); len(got) != 1 || got[0].Name != "noop" {
		t.Fatalf("index plugins with a disabled one: %+v", got)
	}
}

// Deleting a gateway deletes its plugins and http2rpc mappings with it: a
// gateway created again with the same id starts empty.
func TestDeletingAGatewayDeletesItsPluginsAndMappings(t *testing.T) {
	a, _ := newTestApp(t)
	do := func(method, path, body string) (int, string) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	must := func(method, path, body string) string {
		t.Helper()
		code, out := do(method, path, body)
		if code != 200 {
			t.Fatalf("%s %s: %d %s", method, path, code, out)
		}
		return out
	}
	const gw = "/v2/default/enginemgr/gateways/gw1"
	setUp := func() {
		must("PUT", gw, `{"listeners":[{"name":"http","port":18080,"protocol":"HTTP"}]}`)
		must("POST", gw+"/routes", `{"name":"users","domains":["*"],"match":{"path":{"type":"prefix","value":"/users"}},"destination":{"service":"users"}}`)
	}
	setUp()
	var up struct{ URL string }
	if err := json.Unmarshal([]byte(must("POST", "/causeway/v1/wasm", string(plugintest.Noop(t)))), &up); err != nil {
		t.Fatal(err)
	}
	must("POST", gw+"/plugins", `{"pluginName":"noop","url":"`+up.URL+`","phase":"AUTHN"}`)
	must("POST", gw+"/http2Rpcs", `{"name":"m","routeName":"users","dubbo":{"service":"com.example.S","methods":[
		{"serviceMethod":"get","httpMethods":["GET"],"httpPath":"/users/{id}","params":[{"paramKey":"id","paramSource":"PATH","paramType":"long"}]}]}}`)
	must("DELETE", gw, "")
	setUp()
	for _, list := range []string{gw + "/plugins", gw + "/http2Rpcs"} {
		if out := must("GET", list, ""); !strings.HasPrefix(out, `{"total":0,`) {
			t.Fatalf("%s after the gateway was deleted and created again: %s", list, out)
		}
	}
	// The module stays: another gateway may use it.
	if code, _ := do("GET", "/causeway/v1/wasm/"+strings.TrimPrefix(up.URL, "causeway://")+".wasm", ""); code != 200 {
		t.Fatalf("the module went with the gateway: %d", code)
	}
}

// A first admin password too weak to set stops the start with one line
// naming the flag, and leaves no admin behind.
func TestWeakAdminPasswordRefusedAtStart(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	cfg := defaults()
	cfg.AdminPassword = "nacos"
	_, err = wire(context.Background(), cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--admin-password") || !strings.Contains(err.Error(), "at least 8 characters") {
		t.Fatalf("wire = %v", err)
	}
	if _, err := st.Get(context.Background(), "auth/users/nacos"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("admin written: %v", err)
	}
}
