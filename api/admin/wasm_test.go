package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// wasmMux mounts the admin routes with a real plugin registry's modules.
func wasmMux(t *testing.T, authn httpx.Authenticator) (*http.ServeMux, *plugin.Registry) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	gw, err := gateway.New(context.Background(), st, gateway.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	reg, err := plugin.New(context.Background(), st, gw, plugin.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, authn, DialectWithWasm(fakeXDS{}, prometheus.NewRegistry(), reg))
	return mux, reg
}

func call(mux *http.ServeMux, method, path string, body []byte) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(method, path, bytes.NewReader(body)))
	return rec
}

func TestWasmRoutes(t *testing.T) {
	module := plugintest.Noop(t)
	sum := plugin.SHA256(module)
	mux, _ := wasmMux(t, nil)

	rec := call(mux, "POST", "/causeway/v1/wasm", module)
	var ans map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &ans); rec.Code != 200 || err != nil ||
		ans["sha256"] != sum || ans["url"] != "causeway://"+sum {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	rec = call(mux, "GET", "/causeway/v1/wasm/"+sum+".wasm", nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), module) || rec.Header().Get("Content-Type") != "application/wasm" {
		t.Fatalf("get: %d %s, %d bytes", rec.Code, rec.Header(), rec.Body.Len())
	}

	cases := []struct {
		name, method, path string
		body               []byte
		status             int
		want               string
	}{
		{"unknown module", "GET", "/causeway/v1/wasm/" + plugin.SHA256([]byte("x")) + ".wasm", nil, 404, "no module"},
		{"not a sha256", "GET", "/causeway/v1/wasm/abc.wasm", nil, 404, "no module"},
		{"no .wasm", "GET", "/causeway/v1/wasm/" + sum, nil, 404, "modules are served as"},
		{"upload not wasm", "POST", "/causeway/v1/wasm", []byte("hello"), 400, "not WebAssembly"},
		{"upload not proxy-wasm", "POST", "/causeway/v1/wasm", plugintest.Empty(), 400, "not a proxy-wasm plugin"},
		{"upload empty", "POST", "/causeway/v1/wasm", nil, 400, "must be a WASM module"},
		{"upload too large", "POST", "/causeway/v1/wasm", make([]byte, MaxUpload+1), 413, "larger than 32 MiB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := call(mux, c.method, c.path, c.body)
			if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.want) {
				t.Fatalf("%d %s, want %d containing %q", rec.Code, rec.Body, c.status, c.want)
			}
		})
	}
}

// TestWasmAuth: Envoy fetches modules without a token; uploads need one.
func TestWasmAuth(t *testing.T) {
	module := plugintest.Noop(t)
	mux, reg := wasmMux(t, denyAll{})
	sum, err := reg.AddModule(context.Background(), module)
	if err != nil {
		t.Fatal(err)
	}
	if rec := call(mux, "GET", "/causeway/v1/wasm/"+sum+".wasm", nil); rec.Code != 200 || rec.Body.Len() != len(module) {
		t.Fatalf("public get: %d", rec.Code)
	}
	if rec := call(mux, "POST", "/causeway/v1/wasm", module); rec.Code != 401 {
		t.Fatalf("upload without a token: %d %s", rec.Code, rec.Body)
	}
}

func TestWasmRoutesOnlyWithModules(t *testing.T) {
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, DialectWithWasm(fakeXDS{}, prometheus.NewRegistry(), nil))
	if rec := call(mux, "GET", "/causeway/v1/wasm/x.wasm", nil); rec.Code != 404 || strings.Contains(rec.Body.String(), "error_code") {
		t.Fatalf("wasm route without modules: %d %s", rec.Code, rec.Body)
	}
}
