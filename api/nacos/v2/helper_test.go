package v2

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fixture is a registry over an in-memory Badger store with the dialect
// mounted on a mux, torn down when the test ends.
type fixture struct {
	t   *testing.T
	reg *naming.Registry
	mux *http.ServeMux
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(reg, Options{Logger: quietLogger()}))
	return &fixture{t: t, reg: reg, mux: mux}
}

// vals builds parameters from name/value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// call sends params in the query for GET and as a form body otherwise, as
// Nacos clients do, and answers the status and the decoded body.
func (f *fixture) call(method, path string, params url.Values) (int, map[string]any) {
	f.t.Helper()
	rec := f.raw(method, path, params)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		f.t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, rec.Body.String(), err)
	}
	return rec.Code, body
}

func (f *fixture) raw(method, path string, params url.Values) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, newRequest(method, path, params))
	return rec
}

func newRequest(method, path string, params url.Values) *http.Request {
	target := path
	var body io.Reader
	if method == http.MethodGet {
		target += "?" + params.Encode()
	} else {
		body = strings.NewReader(params.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.RemoteAddr = "192.0.2.9:40000"
	return req
}

// ok calls and requires the success envelope, answering its data.
func (f *fixture) ok(method, path string, params url.Values) any {
	f.t.Helper()
	status, body := f.call(method, path, params)
	if status != http.StatusOK || body["code"] != float64(0) || body["message"] != "success" {
		f.t.Fatalf("%s %s %v: got %d %v", method, path, params, status, body)
	}
	if _, ok := body["data"]; !ok {
		f.t.Fatalf("%s %s: envelope without data: %v", method, path, body)
	}
	return body["data"]
}

// okMap is ok for data that is an object.
func (f *fixture) okMap(method, path string, params url.Values) map[string]any {
	f.t.Helper()
	m, isMap := f.ok(method, path, params).(map[string]any)
	if !isMap {
		f.t.Fatalf("%s %s: data is not an object", method, path)
	}
	return m
}

// okList is ok for data that is an array of objects.
func (f *fixture) okList(method, path string, params url.Values) []map[string]any {
	f.t.Helper()
	raw, isList := f.ok(method, path, params).([]any)
	if !isList {
		f.t.Fatalf("%s %s: data is not an array", method, path)
	}
	out := make([]map[string]any, len(raw))
	for i, e := range raw {
		out[i], _ = e.(map[string]any)
	}
	return out
}

// register registers an instance through the API.
func (f *fixture) register(kv ...string) {
	f.t.Helper()
	if got := f.ok(http.MethodPost, instancePath, vals(kv...)); got != true {
		f.t.Fatalf("register answered %v", got)
	}
}

// fingerprint renders everything the registry stores, revisions included,
// so that any write changes it.
func (f *fixture) fingerprint() string {
	_, keys := f.reg.ListServices("", "", 1, 1<<20)
	var b strings.Builder
	for _, k := range keys {
		v, err := f.reg.GetService(k)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "%s rev=%d %+v\n", k, v.Service.Revision, v.Service)
		for _, in := range v.Instances {
			fmt.Fprintf(&b, "  %s rev=%d %+v\n", in.ID(), in.Revision, *in)
		}
	}
	subs := f.reg.ClientIDs()
	sort.Strings(subs)
	fmt.Fprintf(&b, "clients %v\n", subs)
	return b.String()
}

// keys answers the sorted keys of an object.
func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func wantKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := keys(m); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func wantField(t *testing.T, what string, m map[string]any, field string, want any) {
	t.Helper()
	if got := m[field]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s.%s = %v (%T), want %v", what, field, got, got, want)
	}
}
