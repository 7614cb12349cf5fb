package v1

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
)

// operator/servers lists the members of the store, in the seed's shape;
// healthy keeps the UP ones; a member that leaves leaves the list.
func TestServersOfMembers(t *testing.T) {
	e := newEnv(t, time.Hour)
	a, _ := clustertest.Join(t, e.st, "10.0.0.1:8848", "9.9.9")
	_, leaveB := clustertest.Join(t, e.st, "10.0.0.2:9848", "9.9.9")
	clustertest.WaitMembers(t, a, "10.0.0.1:8848", "10.0.0.2:9848")
	ready := true
	e.mux = http.NewServeMux()
	httpx.Mount(e.mux, nil, Dialect(e.reg, Options{ServerAddr: "10.1.1.1:8848", Logger: quiet(),
		Cluster: a, Ready: func() bool { return ready }}))
	servers := func(q url.Values) string {
		t.Helper()
		rec := e.do(http.MethodGet, "/operator/servers", q)
		if rec.Code != http.StatusOK {
			return fmt.Sprintf("%d %s", rec.Code, rec.Body)
		}
		var out []string
		for _, s := range decode(t, rec)["servers"].([]any) {
			m := s.(map[string]any)
			expectKeys(t, "server", m, "ip", "servePort", "site", "weight", "adWeight", "alive", "lastRefTime", "lastRefTimeStr", "key")
			out = append(out, fmt.Sprintf("%s|%s|%v|%v", m["key"], m["ip"], m["servePort"], m["alive"]))
		}
		return fmt.Sprint(out)
	}
	both := "[10.0.0.1:8848|10.0.0.1|8848|true 10.0.0.2:9848|10.0.0.2|9848|true]"
	cases := []struct {
		name  string
		ready bool
		q     url.Values
		want  string
	}{
		{"all", true, nil, both},
		{"healthy", true, vals("healthy", "true"), both},
		{"healthy false", true, vals("healthy", "false"), both},
		{"starting, all", false, nil, "[10.0.0.1:8848|10.0.0.1|8848|false 10.0.0.2:9848|10.0.0.2|9848|true]"},
		{"starting, healthy", false, vals("healthy", "true"), "[10.0.0.2:9848|10.0.0.2|9848|true]"},
	}
	for _, tc := range cases {
		ready = tc.ready
		if got := servers(tc.q); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	ready = true
	if got := servers(vals("healthy", "maybe")); got[:3] != "400" {
		t.Errorf("bad healthy: %s", got)
	}
	leaveB()
	clustertest.WaitMembers(t, a, "10.0.0.1:8848")
	if got := servers(nil); got != "[10.0.0.1:8848|10.0.0.1|8848|true]" {
		t.Errorf("after b left: %s", got)
	}
}
