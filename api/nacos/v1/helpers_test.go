package v1

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// env is one server under test: a real registry over an in-memory Badger
// store, behind the dialect's routes.
type env struct {
	t   testing.TB
	st  store.Store
	reg *naming.Registry
	mux *http.ServeMux
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newEnv starts a server whose health checker ticks every checkEvery; tests
// that do not look at health pass an hour.
func newEnv(t testing.TB, checkEvery time.Duration) *env {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quiet(), CheckInterval: checkEvery})
	if err != nil {
		_ = st.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		reg.Close()
		_ = st.Close()
	})
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(reg, Options{ServerAddr: "10.1.1.1:8848", Logger: quiet()}))
	return &env{t: t, st: st, reg: reg, mux: mux}
}

// do sends params as clients do: in the query for GET, as a form body
// otherwise (nacos-sdk-go sends DELETE in the query; do handles that via
// doQuery).
func (e *env) do(method, path string, params url.Values) *httptest.ResponseRecorder {
	e.t.Helper()
	if method == http.MethodGet {
		return e.doQuery(method, path, params)
	}
	req := httptest.NewRequest(method, base+path, strings.NewReader(params.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.serve(req)
}

func (e *env) doQuery(method, path string, params url.Values) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.serve(httptest.NewRequest(method, base+path+"?"+params.Encode(), nil))
}

// doRaw sends a body exactly as given, as nacos-sdk-go v1 does for PUT.
func (e *env) doRaw(method, path, body string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	return e.serve(req)
}

func (e *env) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	return rec
}

// ok asserts a 200 "ok" answer.
func (e *env) ok(rec *httptest.ResponseRecorder) {
	e.t.Helper()
	expect(e.t, rec, http.StatusOK, "ok")
}

func expect(t testing.TB, rec *httptest.ResponseRecorder, status int, body string) {
	t.Helper()
	if rec.Code != status || rec.Body.String() != body {
		t.Fatalf("got %d %q, want %d %q", rec.Code, rec.Body.String(), status, body)
	}
	if status != http.StatusOK && !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("error answered as %q, want text/plain", rec.Header().Get("Content-Type"))
	}
}

// decode reads a 200 JSON answer.
func decode(t testing.TB, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d %q, want 200", rec.Code, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer %q: %v", rec.Body.String(), err)
	}
	return m
}

// keysOf answers the sorted keys of a JSON object.
func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func expectKeys(t testing.TB, what string, m map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := keysOf(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s has keys %v, want %v", what, got, want)
	}
}

// snapshot is everything the store holds, to prove a refused request wrote
// nothing.
func (e *env) snapshot() map[string]string {
	e.t.Helper()
	kvs, _, err := e.st.List(context.Background(), "")
	if err != nil {
		e.t.Fatal(err)
	}
	out := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		out[kv.Key] = string(kv.Value)
	}
	return out
}

func (e *env) expectUnchanged(before map[string]string) {
	e.t.Helper()
	if after := e.snapshot(); !reflect.DeepEqual(before, after) {
		e.t.Fatalf("store changed by a refused request:\nbefore %v\nafter  %v", before, after)
	}
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// with answers a copy of v with the given pairs set (an empty value deletes).
func with(v url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			out.Del(kv[i])
			continue
		}
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func (e *env) register(kv ...string) {
	e.t.Helper()
	e.ok(e.do(http.MethodPost, "/instance", vals(kv...)))
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func newGet(target string) *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) }
