package kie

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
	"github.com/causeway-dev/causeway/registry/kie"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

const kvURL = "/v1/default/kie/kv"

// fixture is a dialect over a fresh in-memory store.
type fixture struct {
	t   *testing.T
	st  store.Store
	svc *kie.Service
	mux *http.ServeMux
}

func newFixture(t *testing.T, authn httpx.Authenticator) *fixture {
	t.Helper()
	return newFixtureAuth(t, func(store.Store) httpx.Authenticator { return authn })
}

// newFixtureAuth is newFixture whose authenticator is built over the
// fixture's store (users live there).
func newFixtureAuth(t *testing.T, authn func(store.Store) httpx.Authenticator) *fixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc, err := kie.New(context.Background(), st, kie.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, authn(st), Dialect(svc, Options{Logger: log}))
	return &fixture{t: t, st: st, svc: svc, mux: mux}
}

// answer is a recorded response.
type answer struct {
	code int
	hdr  http.Header
	raw  string
	body map[string]any
}

// send sends a request with a content type ("" for JSON when there is a
// body).
func (f *fixture) send(method, path, contentType, body string) answer {
	f.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	a := answer{code: rec.Code, hdr: rec.Header(), raw: rec.Body.String()}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &a.body); err != nil {
			f.t.Fatalf("%s %s answered %d with non-JSON %q", method, path, rec.Code, rec.Body.String())
		}
	}
	return a
}

func (f *fixture) do(method, path, body string) answer { return f.send(method, path, "", body) }

// must sends a request that must answer want.
func (f *fixture) must(want int, method, path, body string) answer {
	f.t.Helper()
	a := f.do(method, path, body)
	if a.code != want {
		f.t.Fatalf("%s %s: %d %s, want %d", method, path, a.code, a.raw, want)
	}
	return a
}

// create stores a kv and answers its id.
func (f *fixture) create(body string) string {
	f.t.Helper()
	return f.must(http.StatusOK, "POST", kvURL, body).body["id"].(string)
}
