package servicecomb

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/naming"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

const reg = "/v4/default/registry"

type fixture struct {
	t     testing.TB
	mux   *http.ServeMux
	users *auth.Service
}

// newFixture mounts the dialect over a fresh in-memory store; with users
// it is behind real token authentication.
func newFixture(t testing.TB, withAuth bool) *fixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	nr, err := naming.New(ctx, st, naming.Options{Logger: log, CheckInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nr.Close)
	r, err := sc.New(ctx, st, nr, sc.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	users := auth.New(st, auth.Options{Logger: log, PasswordCost: 4})
	if _, err := users.Bootstrap(ctx, "secret-pass-1"); err != nil {
		t.Fatal(err)
	}
	var authn httpx.Authenticator
	if withAuth {
		authn = httpx.NewTokenAuth(users)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, authn, Dialect(r, Options{Logger: log, Login: users}))
	return &fixture{t: t, mux: mux, users: users}
}

type answer struct {
	code int
	hdr  http.Header
	raw  string
}

func (f *fixture) send(method, path, body string, hdr ...string) answer {
	f.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return answer{rec.Code, rec.Header(), rec.Body.String()}
}

// field answers a string field of a JSON object answer.
func (a answer) field(t testing.TB, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(a.raw), &m); err != nil {
		t.Fatalf("answer %d %q is not a JSON object", a.code, a.raw)
	}
	s, _ := m[name].(string)
	return s
}

// wantError checks a service-center error answer.
func (a answer) wantError(t testing.TB, status int, code string) {
	t.Helper()
	if a.code != status || a.field(t, "errorCode") != code || a.field(t, "errorMessage") == "" {
		t.Fatalf("answered %d %s, want %d with errorCode %s", a.code, a.raw, status, code)
	}
}

func (f *fixture) createService(name, version string) string {
	f.t.Helper()
	a := f.send("POST", reg+"/microservices", `{"service":{"serviceName":"`+name+`","version":"`+version+`"}}`)
	if a.code != 200 {
		f.t.Fatalf("create %s: %d %s", name, a.code, a.raw)
	}
	return a.field(f.t, "serviceId")
}

func (f *fixture) registerInstance(sid, endpoint string) string {
	f.t.Helper()
	a := f.send("POST", reg+"/microservices/"+sid+"/instances", `{"instance":{"hostName":"h","endpoints":["`+endpoint+`"]}}`)
	if a.code != 200 {
		f.t.Fatalf("register: %d %s", a.code, a.raw)
	}
	return a.field(f.t, "instanceId")
}
