package e2e

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inForceLimit bounds how long after the API's answer a change must be what
// Envoy uses: the active configuration, never a warming one.
const inForceLimit = time.Second

// caller keeps sending requests until stopped and counts those that did
// not get a 200: a configuration switch must never fail traffic.
type caller struct {
	stop     chan struct{}
	done     sync.WaitGroup
	sent     atomic.Int64
	failures atomic.Int64
	mu       sync.Mutex
	last     string // the last failure, for the message
}

// keepCalling runs one loop per target, each sending a request, noting a
// failure, and going again.
func keepCalling(targets ...func() proxyAnswer) *caller {
	c := &caller{stop: make(chan struct{})}
	for _, target := range targets {
		c.done.Add(1)
		go func() {
			defer c.done.Done()
			for {
				select {
				case <-c.stop:
					return
				default:
				}
				a := target()
				c.sent.Add(1)
				if a.err != nil || a.status != http.StatusOK {
					c.failures.Add(1)
					c.mu.Lock()
					c.last = a.String()
					c.mu.Unlock()
				}
			}
		}()
	}
	return c
}

// finish stops the loops and fails the test if any request failed.
func (c *caller) finish(t *testing.T) {
	t.Helper()
	close(c.stop)
	c.done.Wait()
	if n := c.failures.Load(); n != 0 {
		t.Errorf("%d of %d requests failed during the changes; last: %s", n, c.sent.Load(), c.last)
	}
	t.Logf("%d requests during the changes, %d failed", c.sent.Load(), c.failures.Load())
}

// keepAliveClient reuses its connections, as most HTTP clients do: a
// switch must not break a pooled connection either.
var keepAliveClient = &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{Proxy: nil}}

// waitActive polls every Envoy until its active cluster satisfies ok and it
// warms nothing, and answers how long that took from since; the test fails
// if it takes longer than inForceLimit.
func waitActive(t *testing.T, what, cluster string, since time.Time, ok func(string) bool, envoys ...*envoyProc) time.Duration {
	t.Helper()
	for {
		done := true
		var state string
		for _, e := range envoys {
			active, found := e.activeCluster(t, cluster)
			warming := e.warmingClusters(t)
			if !found || !ok(active) || len(warming) > 0 {
				done = false
				state = fmt.Sprintf("active %s (found %v), warming %v", active, found, warming)
				break
			}
		}
		took := time.Since(since)
		if done {
			return took
		}
		if took > inForceLimit {
			t.Fatalf("%s: not in force %v after the API answered: %s", what, inForceLimit, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Cluster-level policies (load balancing, bulkhead, circuit breaker,
// instance isolation) are in force in real Envoy, gateway and sidecar, in
// the ACTIVE cluster with nothing left warming, within a second of the
// API's answer, on state-of-the-world and delta streams; updates and
// deletes too; and no request fails meanwhile. A changed cluster names a
// new endpoint assignment, which Envoy fetches at once: it used to wait
// for Envoy's initial fetch timeout (15 s) before the new cluster was used.
func TestClusterPoliciesInForceWithinASecond(t *testing.T) {
	for _, delta := range []bool{false, true} {
		name := "sotw"
		if delta {
			name = "delta"
		}
		t.Run(name, func(t *testing.T) { testClusterPoliciesInForce(t, delta) })
	}
}

func testClusterPoliciesInForce(t *testing.T, delta bool) {
	g := startGovEnvStream(t, delta)
	outbound := freePort(t, "127.0.0.1")
	sidecar := startEnvoy(t, envoyOptions{XDSAddr: g.s.xdsAddr, Delta: delta, NodeID: "sidecar-" + t.Name(),
		Metadata: map[string]string{"causeway.role": "sidecar", "causeway.outbound_port": strconv.Itoa(outbound)}})
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(outbound))
	waitAnswers(t, listen, "orders", 5*time.Second, "the sidecar to route orders", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK
	})
	envoys := []*envoyProc{g.e, sidecar}
	calls := keepCalling(
		func() proxyAnswer { return proxyGet(g.addr, "orders") },
		func() proxyAnswer { return proxyGet(listen, "orders") },
		func() proxyAnswer { return getVia(keepAliveClient, g.addr, "orders") },
	)
	defer calls.finish(t)

	g.policy(t, "match-group", "all", "orders", map[string]any{
		"matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/"}}}})
	steps := []struct {
		kind string
		spec any
		want []string // in the active cluster, compact JSON
	}{
		{"loadbalance", map[string]any{"rule": "Random"}, []string{`"lb_policy":"RANDOM"`}},
		{"bulkhead", map[string]any{"maxConcurrentCalls": 7}, []string{`"max_requests":7`}},
		{"circuit-breaker", map[string]any{"failureRateThreshold": 60, "minimumNumberOfCalls": 50,
			"waitDurationInOpenState": "PT10S", "slidingWindowSize": 10}, []string{`"failure_percentage_threshold":60`}},
		{"instance-isolation", map[string]any{"failureRateThreshold": 40, "minimumNumberOfCalls": 50,
			"waitDurationInOpenState": "PT30S", "slidingWindowSize": 10}, []string{`"failure_percentage_threshold":40`, `"base_ejection_time":"30s"`}},
	}
	ids := map[string]string{}
	for _, st := range steps {
		id := g.policy(t, st.kind, "all", "orders", st.spec)
		answered := time.Now()
		ids[st.kind] = id
		took := waitActive(t, "new "+st.kind, g.ordersCl, answered, containsAll(st.want...), envoys...)
		t.Logf("%s in force after %v", st.kind, took.Round(time.Millisecond))
	}
	// An update and a delete are in force as fast.
	upd := map[string]any{"name": "all", "selector": map[string]any{"environment": "", "app": "default", "service": "orders"},
		"spec": map[string]any{"rule": "RoundRobin"}}
	if code, body := jsonCall(t, http.MethodPut, g.s.url("/v3/default/govern/governance/loadbalance/"+ids["loadbalance"]), upd); code != http.StatusOK {
		t.Fatalf("update loadbalance: %d %s", code, body)
	}
	took := waitActive(t, "updated loadbalance", g.ordersCl, time.Now(), func(c string) bool {
		return !strings.Contains(c, `"lb_policy":"RANDOM"`)
	}, envoys...)
	t.Logf("loadbalance update in force after %v", took.Round(time.Millisecond))
	if code, body := jsonCall(t, http.MethodDelete, g.s.url("/v3/default/govern/governance/bulkhead/"+ids["bulkhead"]), nil); code != http.StatusOK {
		t.Fatalf("delete bulkhead: %d %s", code, body)
	}
	took = waitActive(t, "deleted bulkhead", g.ordersCl, time.Now(), func(c string) bool {
		return !strings.Contains(c, `"max_requests":7`)
	}, envoys...)
	t.Logf("bulkhead delete in force after %v", took.Round(time.Millisecond))
	for _, e := range envoys {
		if n := e.rejectedUpdates(t); n != 0 {
			t.Fatalf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
		}
	}
}

func containsAll(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	}
}
