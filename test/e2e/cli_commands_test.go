package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
)

// cli runs client commands of the binary with its own saved login.
type cli struct {
	t   *testing.T
	env []string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "CAUSEWAY_SERVER=", "CAUSEWAY_TOKEN=")}
}

// run answers the exit code, stdout and stderr of causeway args.
func (c *cli) run(stdin string, args ...string) (int, string, string) {
	c.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		c.t.Fatalf("causeway %v did not exit", args)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// ok runs a command that must succeed and answers its stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run("", args...)
	if code != 0 {
		c.t.Fatalf("causeway %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

const cliManifest = `apiVersion: causeway/v1
kind: Gateway
metadata: {name: gw-cli}
spec:
  listeners: [{name: http, port: %d, protocol: HTTP}]
---
apiVersion: causeway/v1
kind: Route
metadata: {name: orders, gateway: gw-cli}
spec:
  domains: ["*"]
  match: {path: {type: prefix, value: /orders}}
  destination: {service: orders}
---
apiVersion: causeway/v1
kind: Plugin
metadata: {name: noop, gateway: gw-cli}
spec: {url: "%s", phase: AUTHN, priority: 5, pluginConfig: {a: 1}}
---
apiVersion: causeway/v1
kind: Policy
metadata: {name: orders-api, kind: match-group}
spec:
  selector: {environment: ""}
  spec: {matches: [{name: all, apiPath: {prefix: /}}]}
---
apiVersion: causeway/v1
kind: Policy
metadata: {name: orders-api, kind: rate-limiting}
spec:
  selector: {environment: ""}
  spec: {rate: 10}
---
apiVersion: causeway/v1
kind: RouteRule
metadata: {name: orders}
spec:
  - precedence: 1
    route: [{weight: 100, tags: {version: "1.0"}}]
`

var cliObjects = []string{"gateway/gw-cli", "route/gw-cli/orders", "plugin/gw-cli/noop",
	"policy/match-group/orders-api", "policy/rate-limiting/orders-api", "routerule/orders"}

// The CLI against a server with auth on: login, apply twice (the second
// changes nothing), get matches the file, a dry run shows a diff and
// writes nothing, plugin push, proxy-status and proxy-config with a real
// gateway Envoy connected, delete -f, logout.
func TestCLICommands(t *testing.T) {
	envoyBinary(t)
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	c := newCLI(t)
	dir := t.TempDir()

	if code, _, errOut := c.run("wrong\n", "login", "--server", s.url(""), "--password-stdin"); code != 1 || errOut == "" {
		t.Fatalf("login with a wrong password: exit %d %q", code, errOut)
	}
	if out := c.ok("login", "--server", s.url(""), "-u", "nacos", "-p", adminPassword); !strings.Contains(out, "Logged in to "+s.url("")) {
		t.Fatalf("login: %s", out)
	}
	mod := plugintest.Noop(t)
	code, answer := tokenPost(t, s.url("/causeway/v1/wasm"), login(t, s, adminPassword), mod)
	var up struct{ URL string }
	if code != http.StatusOK || json.Unmarshal([]byte(answer), &up) != nil {
		t.Fatalf("upload: %d %s", code, answer)
	}
	gwPort := freePort(t, "127.0.0.1")
	manifest := filepath.Join(dir, "gw.yaml")
	writeFile(t, manifest, fmt.Sprintf(cliManifest, gwPort, up.URL))

	applied := c.ok("apply", "-f", manifest)
	checkActions(t, applied, "created")
	checkActions(t, c.ok("apply", "-f", dir), "unchanged")

	checkGetJSON(t, c, "orders", "destination.service", "get", "routes", "--gateway", "gw-cli", "-o", "json")
	checkGetJSON(t, c, "noop", "phase", "get", "plugins", "--gateway", "gw-cli", "-o", "json")
	if out := c.ok("get", "policies"); !strings.Contains(out, "rate-limiting") || !strings.Contains(out, "match-group") {
		t.Fatalf("get policies:\n%s", out)
	}

	changed := filepath.Join(t.TempDir(), "changed.yaml")
	writeFile(t, changed, strings.Replace(fmt.Sprintf(cliManifest, gwPort, up.URL), "rate: 10", "rate: 20", 1))
	dry := c.ok("apply", "-f", changed, "--dry-run")
	if !strings.Contains(dry, "policy/rate-limiting/orders-api configured (dry run)\n--- server/policy/rate-limiting/orders-api\n") ||
		!strings.Contains(dry, "-    rate: 10\n+    rate: 20\n") || !strings.Contains(dry, "route/gw-cli/orders unchanged (dry run)") {
		t.Fatalf("dry run:\n%s", dry)
	}
	checkActions(t, c.ok("apply", "-f", manifest), "unchanged") // the dry run wrote nothing

	wasm := filepath.Join(dir, "noop.wasm.bin")
	if err := os.WriteFile(wasm, mod, 0o600); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "config.json")
	writeFile(t, config, `{"header":"x-key"}`)
	push := []string{"plugin", "push", wasm, "--gateway", "gw-cli", "--name", "noop2", "--config", config, "--priority", "3"}
	if out := c.ok(push...); !strings.Contains(out, "plugin/gw-cli/noop2 created") {
		t.Fatalf("plugin push: %s", out)
	}
	if out := c.ok(push...); !strings.Contains(out, "plugin/gw-cli/noop2 unchanged") {
		t.Fatalf("second plugin push: %s", out)
	}

	checkProxyCommands(t, s, c, gwPort)

	deleted := c.ok("delete", "-f", manifest)
	checkActions(t, deleted, "deleted")
	if code, _, errOut := c.run("", "get", "routes", "--gateway", "gw-cli"); code != 1 || !strings.Contains(errOut, "gateway gw-cli does not exist") {
		t.Fatalf("routes after delete: exit %d %s", code, errOut)
	}
	if out := c.ok("get", "policies", "-o", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("policies after delete: %s", out)
	}
	c.ok("logout")
	if code, _, errOut := c.run("", "apply", "-f", manifest); code != 1 || !strings.Contains(errOut, "run causeway login") {
		t.Fatalf("apply after logout: exit %d %q", code, errOut)
	}
}

// checkActions requires one line per object of cliManifest ending in action.
func checkActions(t *testing.T, out, action string) {
	t.Helper()
	for _, o := range cliObjects {
		if !strings.Contains(out, o+" "+action+"\n") {
			t.Fatalf("want %s %s in:\n%s", o, action, out)
		}
	}
}

// checkGetJSON requires get -o json to list one object named name whose
// field at path is set.
func checkGetJSON(t *testing.T, c *cli, name, path string, args ...string) {
	t.Helper()
	var items []map[string]any
	out := c.ok(args...)
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != 1 {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	v := any(items[0])
	for _, k := range strings.Split(path, ".") {
		v = v.(map[string]any)[k]
	}
	if (items[0]["name"] != name && items[0]["pluginName"] != name) || v == nil || v == "" {
		t.Fatalf("%v: %s", args, out)
	}
}

// checkProxyCommands connects a gateway Envoy and reads its state back
// through proxy-status and proxy-config.
func checkProxyCommands(t *testing.T, s *server, c *cli, gwPort int) {
	t.Helper()
	ups := startUpstream(t, "127.0.0.1", 0, "orders-1")
	v := url.Values{"serviceName": {"orders"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(ups.port)}, "ephemeral": {"false"},
		"accessToken": {login(t, s, adminPassword)}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
		t.Fatalf("register: %d %s", code, body)
	}
	md := map[string]string{"causeway.role": "gateway", "causeway.gateway_id": "gw-cli"}
	startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, NodeID: "gw-cli-envoy", Metadata: md, Token: xdsToken(t, s, md)})
	var status string
	eventually(t, 15*time.Second, "proxy-status to show the gateway synced", func() bool {
		status = c.ok("proxy-status")
		return strings.Contains(status, "gw-cli-envoy") && strings.Count(status, "SYNCED") >= 3
	})
	if !strings.Contains(status, "public/gw-cli") || !strings.Contains(status, "gateway") {
		t.Fatalf("proxy-status:\n%s", status)
	}
	listeners := c.ok("proxy-config", "gw-cli-envoy", "listeners")
	if !strings.Contains(listeners, strconv.Itoa(gwPort)) {
		t.Fatalf("proxy-config listeners:\n%s", listeners)
	}
	routes := c.ok("proxy-config", "gw-cli-envoy", "routes")
	if !strings.Contains(routes, "prefix /orders") {
		t.Fatalf("proxy-config routes:\n%s", routes)
	}
	all := c.ok("proxy-config", "gw-cli-envoy")
	for _, want := range []string{"LISTENERS:", "ROUTES:", "CLUSTERS:", "ENDPOINTS:", "EDS    1\n", "127.0.0.1:" + strconv.Itoa(ups.port)} {
		if !strings.Contains(all, want) {
			t.Fatalf("proxy-config all lacks %s:\n%s", want, all)
		}
	}
	var dump map[string]any
	if err := json.Unmarshal([]byte(c.ok("proxy-config", "gw-cli-envoy", "all", "-o", "json")), &dump); err != nil || dump["clusters"] == nil {
		t.Fatalf("proxy-config -o json: %v %v", err, dump)
	}
	t.Logf("proxy-status:\n%s\nproxy-config:\n%s", status, all)
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// tokenPost posts a WASM body with a bearer token.
func tokenPost(t *testing.T, rawURL, token string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/wasm")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}
