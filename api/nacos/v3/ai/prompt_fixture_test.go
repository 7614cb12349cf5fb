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

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"

	airegistry "github.com/causeway-dev/causeway/registry/ai"
)

// promptFixture is the section's prompt routes over a real prompt
// registry on the test store, without authentication.
type promptFixture struct {
	t   testing.TB
	st  store.Store
	mux *http.ServeMux
}

func newPromptFixture(t testing.TB) *promptFixture {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := enginetest.Open(t, quiet)
	reg, err := airegistry.NewPrompts(context.Background(), st, airegistry.PromptOptions{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	mux := http.NewServeMux()
	for _, rt := range Routes(Deps{Prompts: reg}, quiet) {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	return &promptFixture{t: t, st: st, mux: mux}
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// do sends params in the query for GET and as a form otherwise, and
// answers the status and the envelope.
func (f *promptFixture) do(method, path string, params url.Values) (int, map[string]any) {
	f.t.Helper()
	target, body := Base+path, io.Reader(nil)
	if method == http.MethodGet {
		target += "?" + params.Encode()
	} else {
		body = strings.NewReader(params.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	var env map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		f.t.Fatalf("%s %s: %d %q is not JSON", method, path, rec.Code, rec.Body.String())
	}
	return rec.Code, env
}

// ok sends a call that must succeed and answers its data.
func (f *promptFixture) ok(method, path string, params url.Values) any {
	f.t.Helper()
	code, env := f.do(method, path, params)
	if code != http.StatusOK || env["code"] != float64(0) {
		f.t.Fatalf("%s %s %v: %d %v", method, path, params, code, env)
	}
	return env["data"]
}
