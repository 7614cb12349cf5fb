package v2

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

type refuseAll struct{}

func (refuseAll) Authenticate(*http.Request) (*httpx.Identity, error) {
	return nil, regauth.ErrTokenMissing
}

// Nacos's AuthFilter answers 403 through sendError, which Spring Boot
// renders as its default error JSON.
func TestDenyAnswersLikeNacosAuthFilter(t *testing.T) {
	f := newFixture(t)
	mux := http.NewServeMux()
	httpx.Mount(mux, refuseAll{}, Dialect(f.reg, Options{Logger: quietLogger()}))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, newRequest(http.MethodPost, instancePath, inst()))
	if rec.Code != http.StatusForbidden || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("deny answered %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "deny", body, "timestamp", "status", "error", "message", "path")
	wantField(t, "deny", body, "status", 403)
	wantField(t, "deny", body, "error", "Forbidden")
	wantField(t, "deny", body, "message", "user not found!")
	wantField(t, "deny", body, "path", instancePath)
	ts, _ := body["timestamp"].(string)
	if _, err := time.Parse("2006-01-02T15:04:05.000-07:00", ts); err != nil {
		t.Errorf("timestamp %q: %v", ts, err)
	}
	if total, _ := f.reg.ListServices("", "", 1, 10); total != 0 {
		t.Errorf("a denied request wrote %d services", total)
	}
}

func TestEveryRouteAnswersTheEnvelope(t *testing.T) {
	f := newFixture(t)
	d := Dialect(f.reg, Options{})
	if d.Deny == nil || len(d.Routes) != 21 {
		t.Fatalf("dialect has %d routes, deny %v", len(d.Routes), d.Deny != nil)
	}
	for _, rt := range d.Routes {
		if rt.Public {
			t.Errorf("%s is public", rt.Pattern)
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Method, req.URL.Path = splitPattern(rt.Pattern)
		rec := httptest.NewRecorder()
		f.mux.ServeHTTP(rec, req)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q is not JSON", rt.Pattern, rec.Code, rec.Body.String())
		}
	}
}

func splitPattern(p string) (method, path string) {
	for i := range p {
		if p[i] == ' ' {
			return p[:i], p[i+1:]
		}
	}
	return "", p
}
