package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A sidecar Envoy fed over SotW ADS routes to the registered instances of a
// service and follows their deregistration and disabling.
func TestSidecarRoutesToRegisteredInstances(t *testing.T) {
	testSidecarRoutes(t, false)
}

// The same over the delta (incremental) ADS protocol.
func TestSidecarDeltaStream(t *testing.T) {
	testSidecarRoutes(t, true)
}

// The contract (DESIGN.md "Envoy nodes"): a node of causeway.role sidecar
// gets one listener outbound|<port> on outbound_address:outbound_port, RDS
// outbound|<port>, a virtual host per service named
// <name>.<group>.<namespace> with domains <name>, <name>.<group>,
// <name>.<group>.<namespace>, bare and with the sidecar's port, routing to
// the EDS cluster outbound|||<name>.<group>.<namespace>: the whole pool of
// instances, each at its own ip:port, weighted as registered, HEALTHY only
// for healthy, enabled instances. Here the two instances share a host and
// listen on different ports (a laptop, host networking, server.port=0); a
// name with one of their ports reaches the instance on that port only.
func testSidecarRoutes(t *testing.T, delta bool) {
	envoyBinary(t) // skip early, before the server starts
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)

	a := startUpstream(t, "127.0.0.1", 0, "echo-a")
	b := startUpstream(t, "127.0.0.1", 0, "echo-b")
	echo := url.Values{"serviceName": {"echo"}, "groupName": {"DEFAULT_GROUP"}, "namespaceId": {"public"},
		"ip": {"127.0.0.1"}, "ephemeral": {"false"}}
	instance := func(u *upstream, extra ...string) url.Values {
		v := url.Values{"port": {strconv.Itoa(u.port)}}
		for k, vs := range echo {
			v[k] = vs
		}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	// Weights 1 and 3: Envoy must get them, and balance, in that ratio.
	for u, weight := range map[*upstream]string{a: "1", b: "3"} {
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), instance(u, "weight", weight)); code != http.StatusOK || body != "ok" {
			t.Fatalf("register %s: %d %s", u.addr, code, body)
		}
	}
	cluster := "outbound|||echo.DEFAULT_GROUP.public"

	outbound := freePort(t, "127.0.0.1")
	e := startEnvoy(t, envoyOptions{
		XDSAddr: s.xdsAddr,
		Delta:   delta,
		Metadata: map[string]string{
			"causeway.role":             "sidecar",
			"causeway.namespace":        "public",
			"causeway.app":              "DEFAULT_GROUP",
			"causeway.outbound_port":    strconv.Itoa(outbound),
			"causeway.outbound_address": "127.0.0.1",
		},
	})
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(outbound))
	checkRejected := func(when string) {
		t.Helper()
		if n := e.rejectedUpdates(t); n != 0 {
			t.Fatalf("%s: envoy rejected %d updates: %v", when, n, e.rejectedStats(t))
		}
	}

	// The listener comes up once LDS, RDS, CDS and EDS have all arrived.
	waitAnswers(t, listen, "echo", 10*time.Second, "the outbound listener to route echo", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK
	})
	checkRejected("first configuration")

	// Every name of the service reaches both instances: the bare names and
	// the names with the sidecar's port; a name with an instance's port
	// reaches that instance only.
	hosts := []string{
		"echo",
		"echo.DEFAULT_GROUP",
		"echo.DEFAULT_GROUP.public",
		fmt.Sprintf("echo.DEFAULT_GROUP.public:%d", outbound),
		fmt.Sprintf("echo:%d", outbound),
	}
	seen := map[string]int{}
	const n = 200
	for i := range n {
		host := hosts[i%len(hosts)]
		p := proxyGet(listen, host)
		if p.err != nil || p.status != http.StatusOK || p.upstream != p.body || (p.upstream != a.id && p.upstream != b.id) {
			t.Fatalf("request %d with Host %q: %v", i, host, p)
		}
		seen[p.upstream]++
	}
	if share := seen[b.id] * 100 / n; share < 65 || share > 85 {
		t.Fatalf("%d requests split %v: want about 1:3 as weighted", n, seen)
	}
	for _, u := range []*upstream{a, b} {
		for _, host := range []string{fmt.Sprintf("echo:%d", u.port), fmt.Sprintf("echo.DEFAULT_GROUP.public:%d", u.port)} {
			for i := range 4 {
				if p := proxyGet(listen, host); p.err != nil || p.status != http.StatusOK || p.upstream != u.id {
					t.Fatalf("request %d with Host %q: %v, want %s only", i, host, p, u.id)
				}
			}
		}
	}
	eps, ok := e.endpoints(t, cluster)
	if !ok || len(eps) != 2 {
		t.Fatalf("EDS of %s: %v (found %v), want the two instances", cluster, eps, ok)
	}
	byPort := map[int]envoyEndpoint{}
	for _, ep := range eps {
		byPort[ep.Port] = ep
	}
	epA, epB := byPort[a.port], byPort[b.port]
	if epA.Address != "127.0.0.1" || epB.Address != "127.0.0.1" || epA.Health != "HEALTHY" || epB.Health != "HEALTHY" {
		t.Fatalf("EDS of %s: %+v, want 127.0.0.1 on ports %d and %d, HEALTHY", cluster, eps, a.port, b.port)
	}
	if epA.Weight <= 0 || epB.Weight != 3*epA.Weight {
		t.Fatalf("EDS weights of %s: %+v, want 1:3 as registered", cluster, eps)
	}
	if p := proxyGet(listen, "no-such-service"); p.err != nil || p.status != http.StatusNotFound {
		t.Fatalf("unknown Host: %v, want 404 (no virtual host)", p)
	}
	checkRejected("after routing")

	// Deregistered: all traffic goes to the other instance within 5 s.
	if code, body := call(t, http.MethodDelete, s.url("/nacos/v1/ns/instance")+"?"+instance(b).Encode(), nil); code != http.StatusOK || body != "ok" {
		t.Fatalf("deregister %s: %d %s", b.addr, code, body)
	}
	waitAnswers(t, listen, "echo", 5*time.Second, "every request to go to "+a.id, func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusOK && p.upstream == a.id
	})
	bHits := b.hits.Load()
	for i := range 20 {
		if p := proxyGet(listen, "echo"); p.err != nil || p.status != http.StatusOK || p.upstream != a.id {
			t.Fatalf("request %d after deregistering %s: %v", i, b.id, p)
		}
	}
	if n := b.hits.Load() - bHits; n != 0 {
		t.Fatalf("%s got %d requests after its deregistration took effect", b.id, n)
	}
	checkRejected("after deregistration")

	// Disabled: the last instance is no longer HEALTHY, so Envoy has no
	// healthy upstream and answers 503 within 5 s.
	if code, body := call(t, http.MethodPut, s.url("/nacos/v1/ns/instance"), instance(a, "enabled", "false")); code != http.StatusOK || body != "ok" {
		t.Fatalf("disable %s: %d %s", a.addr, code, body)
	}
	waitAnswers(t, listen, "echo", 5*time.Second, "every request to fail with 503", func(p proxyAnswer) bool {
		return p.err == nil && p.status == http.StatusServiceUnavailable
	}, func() string {
		// A cluster with no healthy host is in panic mode and balances
		// over all of them unless its panic threshold is 0.
		st := e.stats(t, "^cluster\\."+regexp.QuoteMeta(cluster)+"\\.(membership_healthy|membership_total|lb_healthy_panic)$")
		return fmt.Sprintf("cluster %s: membership_healthy %d, membership_total %d, lb_healthy_panic %d",
			cluster, st["cluster."+cluster+".membership_healthy"], st["cluster."+cluster+".membership_total"], st["cluster."+cluster+".lb_healthy_panic"])
	})
	aHits := a.hits.Load()
	for i := range 10 {
		if p := proxyGet(listen, "echo"); p.err != nil || p.status != http.StatusServiceUnavailable {
			t.Fatalf("request %d after disabling %s: %v", i, a.id, p)
		}
	}
	if n := a.hits.Load() - aHits; n != 0 {
		t.Fatalf("disabled %s still got %d requests", a.id, n)
	}
	checkRejected("after disabling")

	// The resources carry the contract's names.
	dump := e.configDump(t)
	for _, want := range []string{
		fmt.Sprintf(`"name": "outbound|%d"`, outbound),
		fmt.Sprintf(`"route_config_name": "outbound|%d"`, outbound),
		`"name": "echo.DEFAULT_GROUP.public"`,
		fmt.Sprintf(`"cluster": %q`, cluster),
		fmt.Sprintf(`"service_name": "%s~`, cluster),
		fmt.Sprintf(`"cluster_name": "%s~`, cluster),
	} {
		if !strings.Contains(dump, want) {
			t.Errorf("config dump lacks %s", want)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	e.waitStat(t, "control_plane.connected_state", func(n int) bool { return n == 1 }, time.Second)
}

// waitAnswers polls until ten requests in a row through addr with Host host
// satisfy ok, and fails at the timeout with the last answer and hint().
func waitAnswers(t *testing.T, addr, host string, timeout time.Duration, what string, ok func(proxyAnswer) bool, hint ...func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last proxyAnswer
	for {
		good := 0
		for good < 10 {
			last = proxyGet(addr, host)
			if !ok(last) {
				break
			}
			good++
		}
		if good == 10 {
			return
		}
		if time.Now().After(deadline) {
			var extra string
			for _, h := range hint {
				extra += "; " + h()
			}
			t.Fatalf("timed out after %v waiting for %s (Host %q); last answer: %v%s", timeout, what, host, last, extra)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// logServerOnFailure logs causeway's output when the test fails.
func logServerOnFailure(t *testing.T, s *server) {
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("causeway output:\n%s", s.out.String())
		}
	})
}
