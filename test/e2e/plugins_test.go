package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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

// moduleLoad bounds how long a gateway takes to fetch and compile a module
// it has not run yet: a standard-Go module is 3-4 MB, and V8 compiles it in
// seconds on two shared cores. A change to a plugin whose module is loaded
// must take effect within a second.
const moduleLoad = 30 * time.Second

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
	g := startGovEnv(t)
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

	auth := p.create(t, "key-auth", "auth", "AUTHN", 0, map[string]any{"keys": []string{"k1"}})
	eventually(t, moduleLoad, "key-auth to answer 401 without a key", func() bool { return status() == http.StatusUnauthorized })
	if got := status("x-api-key", "k1"); got != http.StatusOK {
		t.Fatalf("with the key: %d", got)
	}

	// Two header plugins run in priority order (higher first): the later
	// one's add follows the earlier one's set.
	p.create(t, "header-rewrite", "second", "UNSPECIFIED_PHASE", 1,
		map[string]any{"request": map[string]any{"add": map[string]string{"x-echo-order": "second"}}})
	p.create(t, "header-rewrite", "first", "UNSPECIFIED_PHASE", 9,
		map[string]any{"request": map[string]any{"set": map[string]string{"x-echo-order": "first"}}})
	eventually(t, moduleLoad, "both header plugins in priority order", func() bool {
		return p.echo(t, "x-echo-order", "x-api-key", "k1") == "first,second"
	})

	// AUTHN runs before AUTHZ: without a key 401, with one the deny wins.
	p.create(t, "ip-restriction", "deny-local", "AUTHZ", 0, map[string]any{"deny": []string{"127.0.0.0/8"}})
	eventually(t, moduleLoad, "ip-restriction to deny after key-auth", func() bool {
		return status("x-api-key", "k1") == http.StatusForbidden && status() == http.StatusUnauthorized
	})

	// Updating the key changes behaviour within a second.
	upd := map[string]any{"pluginName": "auth", "url": p.mods.URL + "/key-auth.wasm", "sha256": p.sums["key-auth"],
		"phase": "AUTHN", "pluginConfig": map[string]any{"keys": []string{"k2"},
			"_rules_": []any{map[string]any{"_match_route_": []string{"flaky"}, "keys": []string{"k3"}}}}}
	if code, out := jsonCall(t, http.MethodPut, p.base+"/"+auth, upd); code != http.StatusOK {
		t.Fatalf("update key-auth: %d %s", code, out)
	}
	eventually(t, time.Second, "the new key to be in force", func() bool {
		return status("x-api-key", "k2") == http.StatusForbidden && status("x-api-key", "k1") == http.StatusUnauthorized
	})
	// _rules_ apply per route: the flaky route takes k3 only.
	if code, _ := p.get("/flaky", []string{"x-api-key", "k2"}); code != http.StatusUnauthorized {
		t.Fatalf("the flaky route took the default key: %d", code)
	}
	// Deleting plugins removes their filters.
	list := p.list(t)
	for _, id := range list {
		if code, out := jsonCall(t, http.MethodDelete, p.base+"/"+id, nil); code != http.StatusOK {
			t.Fatalf("delete plugin %s: %d %s", id, code, out)
		}
	}
	eventually(t, 5*time.Second, "the gateway to answer without plugins", func() bool { return status() == http.StatusOK })
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
