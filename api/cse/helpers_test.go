package cse

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

const (
	gwPath     = "/v2/default/enginemgr/gateways/gw1"
	routesURL  = gwPath + "/routes"
	gwBody     = `{"listeners":[{"name":"http","port":8080,"protocol":"HTTP"}]}`
	routeBody  = `{"name":"orders","domains":["*"],"match":{"path":{"type":"prefix","value":"/orders"}},"destination":{"service":"orders"}}`
	ghostRoute = `{"name":"ghost","domains":["*"],"destination":{"service":"ghost"}}`
)

// fakeServices knows "orders" in public/DEFAULT_GROUP.
type fakeServices struct{}

func (fakeServices) ServiceExists(ns, group, name string) bool {
	return ns == "public" && group == "DEFAULT_GROUP" && name == "orders"
}

// fakeMCP knows the remote MCP server "weather" in public.
type fakeMCP struct{}

func (fakeMCP) Endpoint(ns, name, version string) (*catalog.MCPEndpoint, error) {
	if ns == "public" && name == "weather" && version == "" {
		return &catalog.MCPEndpoint{Namespace: ns, Name: name, Type: catalog.EndpointDirect, Address: "10.0.0.1", Port: 8000}, nil
	}
	return nil, registry.Errorf(registry.KindNotFound, "Mcp server [%s] not found in namespace [%s]", name, ns)
}

// fakeA2A knows the agent "planner" in public, its card with a url.
type fakeA2A struct{}

func (fakeA2A) Get(ns, name, version string) (*catalog.AgentVersion, error) {
	if ns == "public" && name == "planner" && version == "" {
		return &catalog.AgentVersion{Namespace: ns, Card: &catalog.AgentCard{Name: name, Version: "1", URL: "http://10.0.0.1:9999/"}}, nil
	}
	return nil, registry.Errorf(registry.KindNotFound, "agent `%s` not found in namespace [%s]", name, ns)
}

// fixture is a dialect over a fresh in-memory store.
type fixture struct {
	t   *testing.T
	st  store.Store
	gw  *gateway.Registry
	mux *http.ServeMux
}

func newFixture(t *testing.T, authn httpx.Authenticator) *fixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	gw, err := gateway.New(context.Background(), st, gateway.Options{Logger: log, Services: fakeServices{}, MCP: fakeMCP{}, A2A: fakeA2A{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, authn, Dialect(gw, Options{Logger: log}))
	return &fixture{t: t, st: st, gw: gw, mux: mux}
}

// do sends a request and answers the status and the decoded JSON body (nil
// when there is none).
func (f *fixture) do(method, path, body string) (int, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	if rec.Body.Len() == 0 {
		return rec.Code, nil
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		f.t.Fatalf("%s %s answered %d with non-JSON %q", method, path, rec.Code, rec.Body.String())
	}
	return rec.Code, out
}

// must sends a request that must answer want.
func (f *fixture) must(want int, method, path, body string) map[string]any {
	f.t.Helper()
	code, out := f.do(method, path, body)
	if code != want {
		f.t.Fatalf("%s %s: %d %v, want %d", method, path, code, out, want)
	}
	return out
}

// storeRevision is the store's revision: any write advances it.
func (f *fixture) storeRevision() int64 { return f.st.Revision() }

// wantError checks a CSE error answer.
func wantError(t *testing.T, code int, out map[string]any, status int, errCode, detail string) {
	t.Helper()
	if code != status || out["error_code"] != errCode || out["error_msg"] == "" {
		t.Fatalf("answered %d %v, want %d %s", code, out, status, errCode)
	}
	if d, _ := out["detail"].(string); !strings.Contains(d, detail) {
		t.Fatalf("detail %q does not contain %q", d, detail)
	}
}
