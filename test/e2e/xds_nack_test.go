package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nackManifest is a gateway with one listener per port and a route.
const nackManifest = `apiVersion: causeway/v1
kind: Gateway
metadata: {name: gw-nack}
spec:
  listeners: [%s]
---
apiVersion: causeway/v1
kind: Route
metadata: {name: orders, gateway: gw-nack}
spec:
  domains: ["*"]
  match: {path: {type: prefix, value: /orders}}
  destination: {service: orders}
`

func applyNackGateway(t *testing.T, c *cli, ports ...int) {
	t.Helper()
	var ls []string
	for i, p := range ports {
		ls = append(ls, fmt.Sprintf("{name: l%d, port: %d, protocol: HTTP}", i, p))
	}
	path := filepath.Join(t.TempDir(), "gw.yaml")
	writeFile(t, path, fmt.Sprintf(nackManifest, strings.Join(ls, ", ")))
	c.ok("apply", "-f", path)
}

// proxyRow is one node of proxy-status -o json.
type proxyRow struct {
	ID, CDS, LDS, EDS, RDS string
	Nacks                  map[string]struct {
		Version, Error string
		At             time.Time
	}
}

func proxyStatusOf(t *testing.T, c *cli, node string) proxyRow {
	t.Helper()
	var rows []proxyRow
	out := c.ok("proxy-status", node, "-o", "json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) > 1 {
		t.Fatalf("proxy-status -o json: %v\n%s", err, out)
	}
	if len(rows) == 0 {
		return proxyRow{}
	}
	return rows[0]
}

// A real Envoy NACKs a gateway listener on a port another process holds
// (it cannot bind, and refuses the whole LDS update): proxy-status shows
// LDS NACK with Envoy's error while CDS and RDS stay SYNCED, so does the
// console's nodes page. Freeing the port alone changes nothing (Envoy does
// not retry a refused update, nor does the server re-send it); moving the
// listener to a free port is ACKed and clears the NACK. Over state of the
// world and delta streams alike.
func TestEnvoyNacksListenerOnAHeldPort(t *testing.T) {
	envoyBinary(t)
	for _, delta := range []bool{false, true} {
		t.Run(map[bool]string{false: "sotw", true: "delta"}[delta], func(t *testing.T) { envoyNacksHeldPort(t, delta) })
	}
}

func envoyNacksHeldPort(t *testing.T, delta bool) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	c := newCLI(t)
	c.ok("login", "--server", s.url(""), "-u", "nacos", "-p", adminPassword)
	ups := startUpstream(t, "127.0.0.1", 0, "orders-1")
	v := url.Values{"serviceName": {"orders"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(ups.port)}, "ephemeral": {"false"},
		"accessToken": {login(t, s, adminPassword)}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	first := freePort(t, "127.0.0.1")
	applyNackGateway(t, c, first)
	md := map[string]string{"causeway.role": "gateway", "causeway.gateway_id": "gw-nack"}
	startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, NodeID: "nack-envoy", Metadata: md, Token: xdsToken(t, s, md), Delta: delta})
	var row proxyRow
	eventually(t, 15*time.Second, "the gateway Envoy synced", func() bool {
		row = proxyStatusOf(t, c, "nack-envoy")
		return row.CDS == "SYNCED" && row.LDS == "SYNCED" && row.RDS == "SYNCED"
	})

	// Held on the address the gateway binds (0.0.0.0), without
	// SO_REUSEPORT, so Envoy's bind fails.
	held, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	heldPort := held.Addr().(*net.TCPAddr).Port
	start := time.Now()
	applyNackGateway(t, c, first, heldPort)
	eventually(t, 15*time.Second, "LDS NACKed", func() bool {
		row = proxyStatusOf(t, c, "nack-envoy")
		return strings.HasPrefix(row.LDS, "NACK (")
	})
	t.Logf("apply to LDS NACK shown: %v; proxy-status -o json: %+v", time.Since(start), row)
	nack := row.Nacks["LDS"]
	if !strings.Contains(nack.Error, strconv.Itoa(heldPort)) || nack.Version == "" || nack.At.Before(start.Add(-time.Second)) {
		t.Fatalf("the LDS NACK %+v does not name port %d", nack, heldPort)
	}
	if row.CDS != "SYNCED" || row.RDS != "SYNCED" || len(row.Nacks) != 1 {
		t.Fatalf("beside the LDS NACK: %+v", row)
	}
	table := c.ok("proxy-status")
	if !strings.Contains(table, "NACK ("+nack.Error) {
		t.Fatalf("proxy-status table lacks the error:\n%s", table)
	}
	t.Logf("proxy-status:\n%s", table)
	if !delta {
		consoleShowsNack(t, s, nack.Error)
	}

	if err := held.Close(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if row = proxyStatusOf(t, c, "nack-envoy"); row.Nacks["LDS"] != nack {
		t.Fatalf("after the port was freed: %+v, want the NACK %+v kept", row, nack)
	}

	start = time.Now()
	applyNackGateway(t, c, first, freePort(t, "127.0.0.1"))
	eventually(t, 15*time.Second, "the next LDS ACKed", func() bool {
		row = proxyStatusOf(t, c, "nack-envoy")
		return row.LDS == "SYNCED" && len(row.Nacks) == 0
	})
	t.Logf("apply to LDS NACK cleared: %v", time.Since(start))
}

// consoleShowsNack checks the nodes page and the node page show the NACK.
func consoleShowsNack(t *testing.T, s *server, msg string) {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil && os.Getenv(chromiumEnv) == "" {
		t.Log("the console is not checked: no chromium") // newBrowser would skip the test
		return
	}
	b := newBrowser(t, s)
	b.login("nacos", adminPassword)
	b.goTo("nodes", nil)
	b.waitText(`#nodes li[data-type="Listener"]`, "Listener NACK")
	b.waitText(`#nodes li[data-type="Listener"] .nack`, msg)
	b.waitText(`#nodes li[data-type="Cluster"]`, "Cluster ACK")
	b.waitText(`#nodes li[data-type="RouteConfiguration"]`, "RouteConfiguration ACK")
	b.screenshot("nodes-nack")
	b.goTo("node", url.Values{"id": {"nack-envoy"}})
	b.waitText(`#sync-state tr[data-key="Listener"]`, msg)
}
