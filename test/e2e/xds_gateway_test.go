package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// jsonCall sends a JSON body and answers the status and the body.
func jsonCall(t *testing.T, method, rawURL string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// gatewayGet sends GET path through the gateway and answers the status and
// the upstream that answered.
func gatewayGet(addr, path string) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	resp, err := proxyClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("x-upstream")
}

// A gateway Envoy on delta xDS gets its listener from the gateway API and
// its routes from the gateway routes API, and routes real requests to the
// registered instances of the destination service: every instance, here two
// on one host at different ports, in proportion to their weights (1 and
// 3). A route naming a port reaches the instances on that port only.
func TestGatewayDeltaRoutesByPath(t *testing.T) {
	envoyBinary(t)
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	ups := []*upstream{startUpstream(t, "127.0.0.1", 0, "orders-a"), startUpstream(t, "127.0.0.1", 0, "orders-b")}
	for i, u := range ups {
		v := url.Values{"serviceName": {"orders"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(u.port)}, "ephemeral": {"false"},
			"weight": {strconv.Itoa(1 + 2*i)}} // 1 and 3
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
			t.Fatalf("register %s: %d %s", u.addr, code, body)
		}
	}
	gwPort := freePort(t, "127.0.0.1")
	base := s.url("/v2/default/enginemgr/gateways/gw-e2e")
	gw := map[string]any{"listeners": []any{map[string]any{"name": "http", "port": gwPort, "protocol": "HTTP"}}}
	if code, body := jsonCall(t, http.MethodPut, base, gw); code != http.StatusOK {
		t.Fatalf("put gateway: %d %s", code, body)
	}
	route := map[string]any{"name": "orders", "domains": []string{"*"},
		"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": "/orders"}},
		"destination": map[string]any{"service": "orders"}, "rewrite": map[string]any{"prefix": "/"}}
	code, body := jsonCall(t, http.MethodPost, base+"/routes", route)
	if code != http.StatusOK && code != http.StatusCreated {
		t.Fatalf("create route: %d %s", code, body)
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.ID == "" {
		t.Fatalf("created route %s: %v", body, err)
	}

	e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, Delta: true, Metadata: map[string]string{
		"causeway.role": "gateway", "causeway.gateway_id": "gw-e2e"}})
	addr := fmt.Sprintf("127.0.0.1:%d", gwPort)
	seen := map[string]bool{}
	eventually(t, 10*time.Second, "the gateway to reach both instances", func() bool {
		if status, upstream := gatewayGet(addr, "/orders/list"); status == http.StatusOK {
			seen[upstream] = true
		}
		return seen["orders-a"] && seen["orders-b"]
	})
	byID := map[string]int{}
	const n = 200
	for range n {
		status, upstream := gatewayGet(addr, "/orders/list")
		if status != http.StatusOK {
			t.Fatalf("through the gateway: %d", status)
		}
		byID[upstream]++
	}
	if share := byID["orders-b"] * 100 / n; share < 65 || share > 85 {
		t.Fatalf("%d requests split %v: want about 1:3 as weighted", n, byID)
	}
	if status, _ := gatewayGet(addr, "/elsewhere"); status != http.StatusNotFound {
		t.Fatalf("an unrouted path answered %d", status)
	}
	pinned := map[string]any{"name": "orders-b", "domains": []string{"*"},
		"match":       map[string]any{"path": map[string]any{"type": "prefix", "value": "/b"}},
		"destination": map[string]any{"service": "orders", "port": ups[1].port}}
	if code, body := jsonCall(t, http.MethodPost, base+"/routes", pinned); code >= 300 {
		t.Fatalf("create route with a port: %d %s", code, body)
	}
	eventually(t, 5*time.Second, "the route with a port to reach orders-b", func() bool {
		status, upstream := gatewayGet(addr, "/b")
		return status == http.StatusOK && upstream == "orders-b"
	})
	for i := range 10 {
		if status, upstream := gatewayGet(addr, "/b"); status != http.StatusOK || upstream != "orders-b" {
			t.Fatalf("request %d to the route with port %d: %d from %q", i, ups[1].port, status, upstream)
		}
	}
	if code, body := jsonCall(t, http.MethodDelete, base+"/routes/"+created.ID, nil); code >= 300 {
		t.Fatalf("delete route: %d %s", code, body)
	}
	eventually(t, 5*time.Second, "the deleted route to stop routing", func() bool {
		status, _ := gatewayGet(addr, "/orders/list")
		return status == http.StatusNotFound
	})
	if n := e.rejectedUpdates(t); n != 0 {
		t.Fatalf("envoy rejected %d updates: %v", n, e.rejectedStats(t))
	}
}
