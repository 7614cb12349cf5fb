package e2e

import (
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestEnvoyRuns proves the installed Envoy works without the control plane:
// a static listener routes a real request to a Go upstream.
func TestEnvoyRuns(t *testing.T) {
	envoyBinary(t) // skip early, before any port is taken
	up := startUpstream(t, "127.0.0.2", sharedFreePort(t, "127.0.0.2"), "static-upstream")
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(freePort(t, "127.0.0.1")))
	host, port, _ := net.SplitHostPort(listen)
	portNum, _ := strconv.Atoi(port)

	e := runEnvoy(t, map[string]any{
		"node": map[string]any{"id": "e2e-static", "cluster": "causeway-e2e"},
		"static_resources": map[string]any{
			"listeners": []any{map[string]any{
				"name":    "ingress",
				"address": socketAddress(host, portNum),
				"filter_chains": []any{map[string]any{"filters": []any{map[string]any{
					"name": "envoy.filters.network.http_connection_manager",
					"typed_config": map[string]any{
						"@type":       "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
						"stat_prefix": "ingress",
						"route_config": map[string]any{
							"name": "local",
							"virtual_hosts": []any{map[string]any{
								"name": "all", "domains": []any{"*"},
								"routes": []any{map[string]any{
									"match": map[string]any{"prefix": "/"},
									"route": map[string]any{"cluster": "upstream"},
								}},
							}},
						},
						"http_filters": []any{map[string]any{
							"name":         "envoy.filters.http.router",
							"typed_config": map[string]any{"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"},
						}},
					},
				}}}},
			}},
			"clusters": []any{staticCluster(t, "upstream", up.addr, false)},
		},
	})

	var a proxyAnswer
	deadline := time.Now().Add(10 * time.Second)
	for {
		a = proxyGet(listen, "anything")
		if a.err == nil && a.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer through envoy on %s: %v", listen, a)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if a.upstream != up.id || a.body != up.id {
		t.Fatalf("answer through envoy: %v, want upstream %q", a, up.id)
	}
	if up.hits.Load() < 1 {
		t.Fatal("the upstream saw no request")
	}
	e.waitStat(t, "cluster.upstream.upstream_rq_total", func(n int) bool { return n >= 1 }, 5*time.Second)
	e.waitStat(t, "http.ingress.downstream_rq_total", func(n int) bool { return n >= 1 }, 5*time.Second)
	if n := e.rejectedUpdates(t); n != 0 {
		t.Fatalf("rejected updates: %d %v", n, e.rejectedStats(t))
	}
}
