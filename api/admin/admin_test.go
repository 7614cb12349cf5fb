package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/controlplane/xds"
)

// fakeXDS stands in for the server's read-only view; the real server's
// views are tested in controlplane/xds and end to end.
type fakeXDS struct{ err error }

func (f fakeXDS) Nodes() []xds.NodeStatus {
	return []xds.NodeStatus{{ID: "sidecar-1", Role: "sidecar", Stream: xds.KindDelta}}
}

func (f fakeXDS) ConfigDump(id string) ([]xds.TypeDump, bool, error) {
	if id != "sidecar-1" {
		return nil, false, nil
	}
	return []xds.TypeDump{{TypeURL: "t", Resources: []json.RawMessage{[]byte(`{"name":"x"}`)}}}, true, f.err
}

type denyAll struct{}

func (denyAll) Authenticate(*http.Request) (*httpx.Identity, error) {
	return nil, errors.New("token invalid!")
}

func serve(t *testing.T, authn httpx.Authenticator, x XDS, path string) (int, string) {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_test_total", Help: "x"}))
	mux := http.NewServeMux()
	httpx.Mount(mux, authn, Dialect(x, reg))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestAdminRoutes(t *testing.T) {
	cases := []struct {
		name   string
		authn  httpx.Authenticator
		x      XDS
		path   string
		status int
		want   string
	}{
		{"nodes", nil, fakeXDS{}, "/causeway/v1/xds/nodes", 200, `"stream":"delta"`},
		{"dump", nil, fakeXDS{}, "/causeway/v1/xds/config_dump?node=sidecar-1", 200, `"typeUrl":"t"`},
		{"dump without node", nil, fakeXDS{}, "/causeway/v1/xds/config_dump", 400, `"error_code":"CW.400"`},
		{"dump of unknown node", nil, fakeXDS{}, "/causeway/v1/xds/config_dump?node=ghost", 404, `no connected node`},
		{"dump failure", nil, fakeXDS{err: errors.New("boom")}, "/causeway/v1/xds/config_dump?node=sidecar-1", 500, `boom`},
		{"metrics", nil, fakeXDS{}, "/metrics", 200, "causeway_test_total"},
		{"nodes need a token", denyAll{}, fakeXDS{}, "/causeway/v1/xds/nodes", 401, "token invalid!"},
		{"metrics stay open", denyAll{}, fakeXDS{}, "/metrics", 200, "causeway_test_total"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := serve(t, tc.authn, tc.x, tc.path)
			if status != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("%d %s, want %d containing %q", status, body, tc.status, tc.want)
			}
		})
	}
}
