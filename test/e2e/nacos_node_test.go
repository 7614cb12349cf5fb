package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeResult is what test/nacos/node-client/client.js prints.
type nodeResult struct {
	Naming, BadNaming struct {
		Hosts    []string `json:"hosts"`
		Error    string   `json:"error"`
		Warnings []string `json:"warnings"`
	}
	Config, BadConfig struct {
		Published bool   `json:"published"`
		Content   string `json:"content"`
		Error     string `json:"error"`
	}
}

// The npm nacos client (2.6.3, installed by `make node`) authenticates by
// sending username and password on every request, never a token. Against
// a server with auth on it registers, reads, publishes and fetches; with a
// wrong password every call is refused with Nacos's 403 and writes nothing.
func TestNacosNodeClientPasswordAuth(t *testing.T) {
	dir := filepath.Join(moduleRoot(), "test", "nacos", "node-client")
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("no node on PATH: the npm nacos client test needs Node.js and npm")
	}
	// make test installs it (make node); a plain go test installs it here.
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "nacos")); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	s := start(t, "", "--admin-password", adminPassword)
	// Before the wrong passwords: they throttle the user, login included,
	// as repeated failed logins do.
	token := login(t, s, adminPassword)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "client.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NACOS_ADDR="+s.addr, "NACOS_USER=nacos",
		"NACOS_PASS="+adminPassword, "NACOS_BAD_PASS=not-"+adminPassword)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client: %v\n%s\n%s", err, out, stderr.String())
	}
	var res nodeResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("node client output %q: %v", out, err)
	}
	t.Logf("node client: %s", out)

	if res.Naming.Error != "" || len(res.Naming.Hosts) != 1 || res.Naming.Hosts[0] != "10.9.9.9:8080" {
		t.Fatalf("naming with the right password: %+v", res.Naming)
	}
	if res.Config.Error != "" || !res.Config.Published || res.Config.Content != "hello from npm" {
		t.Fatalf("config with the right password: %+v", res.Config)
	}
	// Nacos answers a refused v1 request with Spring's JSON error body,
	// which the client prints as it is (as against Nacos 2.5.1).
	if warn := strings.Join(res.BadNaming.Warnings, "\n"); res.BadNaming.Error == "" ||
		!strings.Contains(warn, "code: 403 msg: {") || !strings.Contains(warn, `"message":"user not found!"`) {
		t.Fatalf("naming with a wrong password: %+v", res.BadNaming)
	}
	if !strings.Contains(res.BadConfig.Error, "Status: 403") {
		t.Fatalf("config with a wrong password: %+v", res.BadConfig)
	}

	// What the client wrote is really there, for a token holder too.
	code, body := call(t, http.MethodGet, s.url("/nacos/v1/ns/instance/list"),
		url.Values{"serviceName": {"node-svc"}, "accessToken": {token}})
	if code != http.StatusOK || !strings.Contains(body, `"ip":"10.9.9.9"`) || !strings.Contains(body, `"from":"npm"`) {
		t.Fatalf("instance list: %d %s", code, body)
	}
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/cs/configs"),
		url.Values{"dataId": {"node-cfg"}, "group": {"DEFAULT_GROUP"}, "accessToken": {token}})
	if code != http.StatusOK || body != "hello from npm" {
		t.Fatalf("config: %d %q", code, body)
	}

	// Only the Nacos dialects take a password in place of a token.
	code, body = call(t, http.MethodGet, s.url("/v4/default/registry/microservices"),
		url.Values{"username": {"nacos"}, "password": {adminPassword}})
	if code != http.StatusUnauthorized {
		t.Fatalf("ServiceComb route with username/password: %d %s", code, body)
	}
}
