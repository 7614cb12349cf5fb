package ai

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// catalogFixture serves the section's routes (without the dialect's auth, which
// the e2e tests drive) over real registries on a real store.
type catalogFixture struct {
	mux *http.ServeMux
	mcp *catalog.MCP
	a2a *catalog.A2A
}

func newCatalogFixture(t *testing.T) *catalogFixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := enginetest.Open(t, log)
	m, err := catalog.NewMCP(context.Background(), st, catalog.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	a, err := catalog.NewA2A(context.Background(), st, catalog.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	f := &catalogFixture{mux: http.NewServeMux(), mcp: m, a2a: a}
	for _, rt := range Routes(Deps{MCP: m, A2A: a}, log) {
		f.mux.Handle(rt.Pattern, rt.Handler)
	}
	return f
}

// result is the v3 envelope.
type result struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// do sends params as a form body (as the SDK does) and answers the status
// and envelope.
func (f *catalogFixture) do(t *testing.T, method, path string, params map[string]string) (int, result) {
	t.Helper()
	form := url.Values{}
	for k, v := range params {
		form.Set(k, v)
	}
	var req *http.Request
	if method == http.MethodGet {
		req = httptest.NewRequest(method, Base+path+"?"+form.Encode(), nil)
	} else {
		req = httptest.NewRequest(method, Base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, req)
	var res result
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatalf("%s %s answered %d %q", method, path, w.Code, w.Body.String())
	}
	return w.Code, res
}

// ok sends and decodes the data of a success into out (when not nil).
func (f *catalogFixture) ok(t *testing.T, method, path string, params map[string]string, out any) {
	t.Helper()
	status, res := f.do(t, method, path, params)
	if status != http.StatusOK || res.Code != 0 {
		t.Fatalf("%s %s %v: %d %+v %s", method, path, params, status, res, res.Data)
	}
	if out != nil {
		if err := json.Unmarshal(res.Data, out); err != nil {
			t.Fatal(err)
		}
	}
}
