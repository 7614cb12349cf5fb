package health

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
)

type denyAll struct{}

func (denyAll) Authenticate(*http.Request) (*httpx.Identity, error) { return nil, http.ErrNoCookie }

// Probes stay open with auth on, and readiness follows SetReady.
func TestProbes(t *testing.T) {
	p := &Probe{}
	mux := http.NewServeMux()
	httpx.Mount(mux, denyAll{}, p.Dialect())
	get := func(path string) int {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code
	}
	cases := []struct {
		path         string
		before, when int
	}{
		{"/healthz", 200, 200},
		{"/nacos/v1/console/health/liveness", 200, 200},
		{"/nacos/v2/console/health/liveness", 200, 200},
		{"/readyz", 503, 200},
		{"/nacos/v1/console/health/readiness", 503, 200},
		{"/nacos/v2/console/health/readiness", 503, 200},
	}
	for _, tc := range cases {
		if got := get(tc.path); got != tc.before {
			t.Errorf("%s before ready: %d, want %d", tc.path, got, tc.before)
		}
	}
	p.SetReady(true)
	for _, tc := range cases {
		if got := get(tc.path); got != tc.when {
			t.Errorf("%s when ready: %d, want %d", tc.path, got, tc.when)
		}
	}
	if got := get("/readyz?x=1"); got != 200 {
		t.Errorf("query string broke the probe: %d", got)
	}
}
