package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// moduleLoad bounds how long a gateway takes to compile a module it has
// not run yet: a shipped standard-Go module is 2.6-2.7 MB, and V8's
// optimizing compiler takes 1.5-2 s for one on an idle machine, on two
// threads, far more when the two cores are busy with other tests. newPluginBound is what a new plugin may take to be
// in force without failing the test (the time is logged): generous, so a
// loaded CI machine does not flake. A change to a plugin whose module is
// loaded must take effect within a second.
const (
	moduleLoad     = 30 * time.Second
	newPluginBound = 10 * time.Second
)

// pluginModules builds the shipped plugins once per test binary with the
// standard Go toolchain, as make plugins does, and keeps them in memory.
var pluginModules = struct {
	once sync.Once
	mods map[string][]byte
	err  error
}{}

func pluginModule(t *testing.T, name string) []byte {
	t.Helper()
	pluginModules.once.Do(func() {
		pluginModules.mods, pluginModules.err = buildPlugins("key-auth", "header-rewrite", "ip-restriction")
	})
	if pluginModules.err != nil {
		t.Fatal(pluginModules.err)
	}
	return pluginModules.mods[name]
}

func buildPlugins(names ...string) (map[string][]byte, error) {
	dir, err := os.MkdirTemp("", "causeway-plugins-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	out := map[string][]byte{}
	for _, p := range names {
		file := filepath.Join(dir, p+".wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-buildmode=c-shared", "-o", file, "./plugins/"+p)
		cmd.Dir = moduleRoot()
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("build %s: %w\n%s", p, err, b)
		}
		if out[p], err = os.ReadFile(file); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// moduleServer serves modules over real HTTP, as a plugin store would.
func moduleServer(t *testing.T, modules map[string][]byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := modules[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type pluginEnv struct {
	*govEnv
	base string // the gateway's plugins API
	mods *httptest.Server
	sums map[string]string
}

func startPluginEnv(t *testing.T) *pluginEnv {
	t.Helper()
	mods := map[string][]byte{}
	sums := map[string]string{}
	for _, name := range []string{"key-auth", "header-rewrite", "ip-restriction"} {
		b := pluginModule(t, name)
		mods[name+".wasm"], sums[name] = b, sha(b)
	}
	// The module server listens on loopback, which plugin fetches reach
	// only when allow-listed.
	g := startGovEnvStream(t, true, "--plugin-fetch-allow", "127.0.0.1")
	return &pluginEnv{govEnv: g, base: g.s.url("/v2/default/enginemgr/gateways/gw-gov/plugins"),
		mods: moduleServer(t, mods), sums: sums}
}

// create makes a plugin and answers its id.
func (p *pluginEnv) create(t *testing.T, module, name, phase string, priority int, config any) string {
	t.Helper()
	body := map[string]any{"pluginName": name, "url": p.mods.URL + "/" + module + ".wasm", "sha256": p.sums[module],
		"phase": phase, "priority": priority, "pluginConfig": config}
	code, out := jsonCall(t, http.MethodPost, p.base, body)
	if code != http.StatusOK {
		t.Fatalf("create plugin %s: %d %s", name, code, out)
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.ID == "" {
		t.Fatalf("created plugin %s answered %s", name, out)
	}
	return created.ID
}

// Plugins change a real Envoy gateway's answers: key-auth, header rewrites
// in priority order, AUTHN before AUTHZ, per-route rules, updates and
// deletes; a wrong checksum is refused and harms nothing.
func TestGatewayPluginsInEnvoy(t *testing.T) {
	p := startPluginEnv(t)
	status := func(headers ...string) int {
		code, _ := p.get("/", headers)
		return code
	}
	// A wrong sha256 is refused at the API; traffic is unharmed.
	bad := map[string]any{"pluginName": "bad", "url": p.mods.URL + "/key-auth.wasm", "sha256": strings.Repeat("0", 64),
		"phase": "AUTHN", "pluginConfig": map[string]any{"keys": []string{"k"}}}
	if code, out := jsonCall(t, http.MethodPost, p.base, bad); code != http.StatusBadRequest {
		t.Fatalf("a wrong sha256 answered %d %s", code, out)
	}
	if got := status(); got != http.StatusOK {
		t.Fatalf("traffic after a refused plugin: %d", got)
	}

	auth := p.createWatched(t, "key-auth", "auth", map[string]any{"keys": []string{"k1"}})
	if got := status("x-api-key", "k1"); got != http.StatusOK {
		t.Fatalf("with the key: %d", got)
	}

	// Two header plugins run in priority order (higher first): the later
	// one's add follows the earlier one's set. They run one module, which
	// Envoy compiles once.
	p.create(t, "header-rewrite", "second", "UNSPECIFIED_PHASE", 1,
		map[string]any{"request": map[string]any{"add": map[string]string{"x-echo-order": "second"}}})
	p.create(t, "header-rewrite", "first", "UNSPECIFIED_PHASE", 9,
		map[string]any{"request": map[string]any{"set": map[string]string{"x-echo-order": "first"}}})
	took := inForce(t, moduleLoad, "both header plugins in priority order", func() bool {
		return p.echo(t, "x-echo-order", "x-api-key", "k1") == "first,second"
	})
	t.Logf("two header-rewrite plugins (one new module) in force %v after the second API answer", took)

	// AUTHN runs before AUTHZ: without a key 401, with one the deny wins.
	deny := p.create(t, "ip-restriction", "deny-local", "AUTHZ", 0, map[string]any{"deny": []string{"127.0.0.0/8"}})
	took = inForce(t, moduleLoad, "ip-restriction to deny after key-auth", func() bool {
		return status("x-api-key", "k1") == http.StatusForbidden && status() == http.StatusUnauthorized
	})
	t.Logf("ip-restriction (a new module) in force %v after the API answered", took)

	// Updating the key changes behaviour within a second, on new
	// connections and on one opened before.
	old := dialKeepAlive(t, p.addr)
	if got, _ := old.get(p.addr, "x-api-key", "k1"); got != http.StatusForbidden {
		t.Fatalf("the kept connection before the key update: %d", got)
	}
	upd := map[string]any{"pluginName": "auth", "url": p.mods.URL + "/key-auth.wasm", "sha256": p.sums["key-auth"],
		"phase": "AUTHN", "pluginConfig": map[string]any{"keys": []string{"k2"},
			"_rules_": []any{map[string]any{"_match_route_": []string{"flaky"}, "keys": []string{"k3"}}}}}
	if code, out := jsonCall(t, http.MethodPut, p.base+"/"+auth, upd); code != http.StatusOK {
		t.Fatalf("update key-auth: %d %s", code, out)
	}
	took = inForce(t, time.Second, "the new key to be in force", func() bool {
		kept, _ := old.get(p.addr, "x-api-key", "k1")
		return status("x-api-key", "k2") == http.StatusForbidden && status("x-api-key", "k1") == http.StatusUnauthorized &&
			kept == http.StatusUnauthorized
	})
	t.Logf("key update in force %v after the API answered", took)
	// _rules_ apply per route: the flaky route takes k3 only.
	if code, _ := p.get("/flaky", []string{"x-api-key", "k2"}); code != http.StatusUnauthorized {
		t.Fatalf("the flaky route took the default key: %d", code)
	}
	// A configuration the plugin itself refuses (key-auth's
	// proxy_on_configure answers false) is refused at the API, 400 in the
	// CSE shape with the plugin's reason, and never reaches Envoy: had it,
	// Envoy would NACK the gateway's whole plugin chain and keep every
	// later plugin change out. Traffic is unharmed, and the next change of
	// another plugin is in force as fast as ever.
	refusedKeys := map[string]any{"pluginName": "auth", "url": p.mods.URL + "/key-auth.wasm", "sha256": p.sums["key-auth"],
		"phase": "AUTHN", "pluginConfig": map[string]any{"keys": 5}}
	code, out := jsonCall(t, http.MethodPut, p.base+"/"+auth, refusedKeys)
	var refusal struct {
		Code   string `json:"error_code"`
		Detail string `json:"detail"`
	}
	_ = json.Unmarshal([]byte(out), &refusal)
	if code != http.StatusBadRequest || refusal.Code != "SVCSTG.00400100" ||
		!strings.Contains(refusal.Detail, "pluginConfig: the plugin refused this configuration: key-auth: invalid pluginConfig, refusing to start: keys: must be an array of strings") {
		t.Fatalf("a configuration key-auth refuses answered %d %s", code, out)
	}
	refusedRule := map[string]any{"pluginName": "deny-bad", "url": p.mods.URL + "/ip-restriction.wasm", "sha256": p.sums["ip-restriction"],
		"phase": "AUTHZ", "pluginConfig": map[string]any{"deny": []string{"not-an-ip"}}}
	if code, out := jsonCall(t, http.MethodPost, p.base, refusedRule); code != http.StatusBadRequest || !strings.Contains(out, "not an IP address or CIDR") {
		t.Fatalf("a configuration ip-restriction refuses answered %d %s", code, out)
	}
	if got := len(p.list(t)); got != 4 {
		t.Fatalf("%d plugins after the refusals, want 4", got)
	}
	if got := status("x-api-key", "k2"); got != http.StatusForbidden {
		t.Fatalf("traffic after the refusals: %d", got)
	}
	lift := map[string]any{"pluginName": "deny-local", "url": p.mods.URL + "/ip-restriction.wasm", "sha256": p.sums["ip-restriction"],
		"phase": "AUTHZ", "pluginConfig": map[string]any{"deny": []string{"10.0.0.0/8"}}}
	if code, out := jsonCall(t, http.MethodPut, p.base+"/"+deny, lift); code != http.StatusOK {
		t.Fatalf("update ip-restriction: %d %s", code, out)
	}
	took = inForce(t, time.Second, "the ip-restriction change after the refusals", func() bool {
		return p.echo(t, "x-echo-order", "x-api-key", "k2") == "first,second"
	})
	t.Logf("an ip-restriction change after two refused configurations in force %v after the API answered", took)

	// Deleting plugins removes their filters.
	list := p.list(t)
	for _, id := range list {
		if code, out := jsonCall(t, http.MethodDelete, p.base+"/"+id, nil); code != http.StatusOK {
			t.Fatalf("delete plugin %s: %d %s", id, code, out)
		}
	}
	eventually(t, 5*time.Second, "the gateway to answer without plugins", func() bool { return status() == http.StatusOK })
	if got, _ := old.get(p.addr); got != http.StatusOK {
		t.Fatalf("the kept connection without plugins: %d", got)
	}
}

// inForce polls cond every 10 ms until it holds and answers how long that
// took; the test fails at limit.
func inForce(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start).Round(time.Millisecond)
}

// createWatched creates a fail-closed key-auth plugin (AUTHN) while
// requests without a key go on, on new connections and on two keep-alive
// connections opened before (one busy, one idle until the plugin is in
// force), and answers the plugin's id. What it asserts is what Causeway
// can promise: from the API answer until the plugin is in force, requests
// are served as before it (none fails: Envoy compiles the module before
// it swaps the plugin chain in); from the first request the plugin
// answered on, no request on any connection, new or opened before the
// change, gets through without a key (the gateway runs one worker thread:
// Envoy applies a filter chain update to each worker's next requests).
func (p *pluginEnv) createWatched(t *testing.T, module, name string, config any) string {
	t.Helper()
	busy, idle := dialKeepAlive(t, p.addr), dialKeepAlive(t, p.addr)
	for _, k := range []*keepAlive{busy, idle} {
		if got, _ := k.get(p.addr); got != http.StatusOK {
			t.Fatalf("before the plugin: %d", got)
		}
	}
	fresh := startProbe(p.addr, nil)
	kept := startProbe(p.addr, busy)
	id := p.create(t, module, name, "AUTHN", 0, config)
	answered := time.Now()
	var enforced sample
	eventually(t, moduleLoad, name+" to answer 401 without a key", func() bool {
		var ok bool
		enforced, ok = firstSample(fresh.samples(), answered, http.StatusUnauthorized)
		return ok
	})
	idleStatus, _ := idle.get(p.addr)
	time.Sleep(200 * time.Millisecond)
	seen := append(fresh.stop(), kept.stop()...)
	took := enforced.got.Sub(answered)
	t.Logf("%s (a new module) in force %v after the API answered (%d probes)", name, took.Round(time.Millisecond), len(seen))
	if took > newPluginBound {
		t.Errorf("%s took %v to be in force, more than %v", name, took, newPluginBound)
	}
	if idleStatus != http.StatusUnauthorized {
		t.Errorf("an idle keep-alive connection opened before the plugin answered %d once it was in force", idleStatus)
	}
	if _, ok := firstSample(kept.samples(), answered, http.StatusUnauthorized); !ok {
		t.Errorf("the busy keep-alive connection opened before the plugin never met it")
	}
	first := enforced
	for _, x := range seen {
		if x.status == http.StatusUnauthorized && x.got.Before(first.got) {
			first = x
		}
	}
	var failed, through []sample
	for _, x := range seen {
		switch {
		case x.sent.Before(answered):
		case x.status != http.StatusOK && x.status != http.StatusUnauthorized:
			failed = append(failed, x)
		case x.status == http.StatusOK && x.sent.After(first.got):
			through = append(through, x)
		}
	}
	if len(failed) > 0 {
		x := failed[0]
		t.Errorf("%d requests failed while the plugin loaded; the first, sent %v after the API answered: %d %v",
			len(failed), x.sent.Sub(answered), x.status, x.err)
	}
	if len(through) > 0 {
		x := through[0]
		t.Errorf("%d requests without a key got through once the plugin was in force; the first sent %v after (keep-alive opened before: %v)",
			len(through), x.sent.Sub(first.got), x.kept)
	}
	return id
}

// keepAlive is one HTTP/1.1 connection that every request reuses.
type keepAlive struct {
	c  net.Conn
	br *bufio.Reader
}

func dialKeepAlive(t *testing.T, addr string) *keepAlive {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &keepAlive{c: c, br: bufio.NewReader(c)}
}

// get sends GET / with headers (name, value pairs) and answers the
// status (0 when the connection failed) and the error.
func (k *keepAlive) get(addr string, headers ...string) (int, error) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	_ = k.c.SetDeadline(time.Now().Add(3 * time.Second))
	if err := req.Write(k.c); err != nil {
		return 0, err
	}
	resp, err := http.ReadResponse(k.br, req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.Close {
		return resp.StatusCode, fmt.Errorf("the gateway closed the connection")
	}
	return resp.StatusCode, nil
}

// sample is one probe request without a key.
type sample struct {
	sent, got time.Time
	status    int
	err       error
	kept      bool // on the keep-alive connection opened before
}

// probe sends requests without a key, on new connections (kept nil) or on
// one keep-alive connection, every 20 ms (a light load: the gateway
// compiles modules on the same two cores) until stopped.
type probe struct {
	mu   sync.Mutex
	seen []sample
	quit chan struct{}
	done chan struct{}
}

func startProbe(addr string, kept *keepAlive) *probe {
	p := &probe{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for {
			select {
			case <-p.quit:
				return
			case <-time.After(20 * time.Millisecond):
			}
			x := sample{sent: time.Now(), kept: kept != nil}
			if kept != nil {
				x.status, x.err = kept.get(addr)
			} else {
				req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
				if resp, err := proxyClient.Do(req); err != nil {
					x.err = err
				} else {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					x.status = resp.StatusCode
				}
			}
			x.got = time.Now()
			p.mu.Lock()
			p.seen = append(p.seen, x)
			p.mu.Unlock()
			if kept != nil && x.err != nil {
				return // the connection is gone: nothing more to learn
			}
		}
	}()
	return p
}

func (p *probe) samples() []sample {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sample(nil), p.seen...)
}

func (p *probe) stop() []sample {
	close(p.quit)
	<-p.done
	return p.samples()
}

// firstSample answers the first sample sent from on that got status.
func firstSample(seen []sample, from time.Time, status int) (sample, bool) {
	for _, x := range seen {
		if !x.sent.Before(from) && x.status == status {
			return x, true
		}
	}
	return sample{}, false
}

func (p *pluginEnv) echo(t *testing.T, header string, headers ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.addr+"/", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := proxyClient.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	return strings.Join(resp.Header.Values(header), ",")
}

func (p *pluginEnv) list(t *testing.T) []string {
	t.Helper()
	code, out := jsonCall(t, http.MethodGet, p.base, nil)
	var page struct {
		Total int `json:"total"`
		Data  []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(out), &page); code != http.StatusOK || err != nil || page.Total != len(page.Data) {
		t.Fatalf("list plugins: %d %s", code, out)
	}
	ids := make([]string, 0, len(page.Data))
	for _, d := range page.Data {
		ids = append(ids, d.ID)
	}
	return ids
}
