package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// govEnv is a server, a gateway Envoy routing / to "orders" (v1 and v2 on
// one host, each on its own port) and /flaky to "flaky" (one instance that
// answers 503), for the governance tests.
type govEnv struct {
	s        *server
	e        *envoyProc
	addr     string // the gateway listener
	v1, v2   *upstream
	flaky    *upstream
	ordersCl string // the orders cluster
}

func startGovEnv(t *testing.T) *govEnv {
	t.Helper()
	return startGovEnvStream(t, true)
}

// startGovEnvStream is startGovEnv with the gateway on a delta (or a state
// of the world) stream, and the server given flags.
func startGovEnvStream(t *testing.T, delta bool, flags ...string) *govEnv {
	t.Helper()
	envoyBinary(t)
	g := &govEnv{s: start(t, "", append([]string{"--auth=false"}, flags...)...)}
	logServerOnFailure(t, g.s)
	g.v1 = startUpstream(t, "127.0.0.1", 0, "orders-v1")
	g.v2 = startUpstream(t, "127.0.0.1", 0, "orders-v2")
	g.flaky = startUpstream(t, "127.0.0.1", 0, "flaky")
	g.flaky.status.Store(http.StatusServiceUnavailable)
	g.register(t, "orders", g.v1, "1.0.0")
	g.register(t, "orders", g.v2, "2.0.0")
	g.register(t, "flaky", g.flaky, "1.0.0")
	g.ordersCl = "outbound|||orders.DEFAULT_GROUP.public"
	gwPort := freePort(t, "127.0.0.1")
	base := g.s.url("/v2/default/enginemgr/gateways/gw-gov")
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}
	if code, body := jsonCall(t, http.MethodPut, base, gw); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	for _, r := range []struct{ name, prefix, service string }{{"flaky", "/flaky", "flaky"}, {"orders", "/", "orders"}} {
		route := map[string]any{"name": r.name, "domains": []string{"*"},
			"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": r.prefix}},
			"destination": map[string]any{"service": r.service}}
		if code, body := jsonCall(t, http.MethodPost, base+"/routes", route); code >= 300 {
			t.Fatalf("create route %s: %d %s", r.name, code, body)
		}
	}
	g.e = startEnvoy(t, envoyOptions{XDSAddr: g.s.xdsAddr, Delta: delta, Metadata: map[string]string{
		"causeway.role": "gateway", "causeway.gateway_id": "gw-gov"}})
	g.addr = fmt.Sprintf("127.0.0.1:%d", gwPort)
	eventually(t, 10*time.Second, "the gateway to route to orders", func() bool {
		status, _ := g.get("/", nil)
		return status == http.StatusOK
	})
	t.Cleanup(func() {
		if n := g.e.rejectedUpdates(t); n != 0 {
			t.Errorf("envoy rejected %d updates: %v", n, g.e.rejectedStats(t))
		}
	})
	return g
}

func (g *govEnv) register(t *testing.T, service string, u *upstream, version string) {
	t.Helper()
	v := url.Values{"serviceName": {service}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(u.port)}, "ephemeral": {"false"},
		"metadata": {`{"version":"` + version + `"}`}}
	if code, body := call(t, http.MethodPost, g.s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register %s %s: %d %s", service, u.addr, code, body)
	}
}

// get sends GET path through the gateway with headers (name, value pairs)
// and answers the status and the upstream that answered.
func (g *govEnv) get(path string, headers []string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+g.addr+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := proxyClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("x-upstream")
}

// policy creates a governance rule and answers its id.
func (g *govEnv) policy(t *testing.T, kind, name, service string, spec any) string {
	t.Helper()
	body := map[string]any{"name": name, "selector": map[string]any{"environment": "", "app": "default", "service": service}, "spec": spec}
	code, out := jsonCall(t, http.MethodPost, g.s.url("/v3/default/govern/governance/"+kind), body)
	if code != http.StatusOK {
		t.Fatalf("create %s %s: %d %s", kind, name, code, out)
	}
	var res struct {
		Result string `json:"result"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Result == "" {
		t.Fatalf("create %s %s answered %s: %v", kind, name, out, err)
	}
	return res.Result
}

// share answers how many of n requests with headers each upstream took.
func (g *govEnv) share(n int, headers []string) map[string]int {
	seen := map[string]int{}
	for range n {
		status, upstream := g.get("/", headers)
		if status != http.StatusOK {
			upstream = "status " + strconv.Itoa(status)
		}
		seen[upstream]++
	}
	return seen
}

// Gray release by header and by weight, enforced by a real Envoy gateway;
// deleting the rule restores plain balancing.
func TestGovernanceRouteRuleGrayRelease(t *testing.T) {
	g := startGovEnv(t)
	rules := []any{
		map[string]any{"precedence": 2, "match": map[string]any{"headers": map[string]any{"x-canary": map[string]any{"exact": "true"}}},
			"route": []any{map[string]any{"name": "canary", "weight": 100, "tags": map[string]any{"version": "2.0.0"}}}},
		map[string]any{"precedence": 1, "route": []any{
			map[string]any{"name": "stable", "weight": 80, "tags": map[string]any{"version": "1.0.0"}},
			map[string]any{"name": "new", "weight": 20, "tags": map[string]any{"version": "2.0.0"}}}},
	}
	ruleURL := g.s.url("/v3/default/govern/route-rule/microservices/orders")
	if code, body := jsonCall(t, http.MethodPut, ruleURL, rules); code != http.StatusOK {
		t.Fatalf("put route rule: %d %s", code, body)
	}
	canary := []string{"x-canary", "true"}
	eventually(t, 5*time.Second, "canary requests to reach v2 only", func() bool {
		return g.share(20, canary)["orders-v2"] == 20
	})
	const n = 400
	got := g.share(n, nil)
	if v1 := got["orders-v1"]; v1 < n*72/100 || v1 > n*88/100 || got["orders-v1"]+got["orders-v2"] != n {
		t.Fatalf("80/20 split over %d requests: %v", n, got)
	}
	if code, body := jsonCall(t, http.MethodDelete, ruleURL, nil); code != http.StatusOK {
		t.Fatalf("delete route rule: %d %s", code, body)
	}
	eventually(t, 5*time.Second, "canary requests to reach v1 again", func() bool {
		return g.share(20, canary)["orders-v1"] > 0
	})
}

// Fault injection, rate limiting and retries act in Envoy; updating a
// policy takes effect within a second.
func TestGovernancePoliciesInEnvoy(t *testing.T) {
	g := startGovEnv(t)
	g.policy(t, "match-group", "faulty", "orders", map[string]any{"alias": "faulty",
		"matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/fault"}}}})
	faultID := g.policy(t, "fault-injection", "faulty", "orders", map[string]any{"type": "abort", "percentage": 100, "errorCode": 503})
	eventually(t, 5*time.Second, "the fault to abort /fault", func() bool {
		status, _ := g.get("/fault/x", nil)
		return status == http.StatusServiceUnavailable
	})
	before := g.v1.hits.Load() + g.v2.hits.Load()
	for range 10 {
		if status, upstream := g.get("/fault/x", nil); status != http.StatusServiceUnavailable || upstream != "" {
			t.Fatalf("fault answered %d from %q", status, upstream)
		}
	}
	if after := g.v1.hits.Load() + g.v2.hits.Load(); after != before {
		t.Fatalf("aborted requests reached the upstreams (%d -> %d hits)", before, after)
	}
	// An update takes effect within a second.
	upd := map[string]any{"name": "faulty", "selector": map[string]any{"environment": "", "app": "default", "service": "orders"},
		"spec": map[string]any{"type": "abort", "percentage": 0, "errorCode": 503}}
	changed := time.Now()
	if code, body := jsonCall(t, http.MethodPut, g.s.url("/v3/default/govern/governance/fault-injection/"+faultID), upd); code != http.StatusOK {
		t.Fatalf("update fault: %d %s", code, body)
	}
	eventually(t, time.Second, "the updated fault to let /fault through", func() bool {
		status, _ := g.get("/fault/x", nil)
		return status == http.StatusOK
	})
	t.Logf("fault update effective after %v", time.Since(changed).Round(time.Millisecond))

	g.policy(t, "match-group", "limited", "orders", map[string]any{
		"matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/limited"}}}})
	rateID := g.policy(t, "rate-limiting", "limited", "orders", map[string]any{"rate": 5, "limitRefreshPeriod": 60000})
	eventually(t, 5*time.Second, "the rate limit to answer 429", func() bool {
		status, _ := g.get("/limited", nil)
		return status == http.StatusTooManyRequests
	})
	// Deleting the policy lifts the limit within a second.
	if code, body := jsonCall(t, http.MethodDelete, g.s.url("/v3/default/govern/governance/rate-limiting/"+rateID), nil); code != http.StatusOK {
		t.Fatalf("delete rate limit: %d %s", code, body)
	}
	eventually(t, time.Second, "the deleted rate limit to let /limited through", func() bool {
		status, _ := g.get("/limited", nil)
		return status == http.StatusOK
	})

	g.policy(t, "match-group", "flaky", "flaky", map[string]any{
		"matches": []any{map[string]any{"name": "m", "apiPath": map[string]any{"prefix": "/flaky"}}}})
	g.policy(t, "retry", "flaky", "flaky", map[string]any{"maxAttempts": 2, "retryOnResponseStatus": []any{503}})
	eventually(t, 5*time.Second, "a 503 to be retried twice", func() bool {
		before := g.flaky.hits.Load()
		status, _ := g.get("/flaky", nil)
		return status == http.StatusServiceUnavailable && g.flaky.hits.Load()-before == 3
	})
}
