package cse

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

const pluginsURL = gwPath + "/plugins"

// moduleFiles is a real HTTP server's content: path -> module.
type moduleFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

// pluginFixture is the dialect with its plugin routes over a fresh store,
// gateway gw1 created, and an HTTP server serving modules.
type pluginFixture struct {
	*fixture
	reg   *plugin.Registry
	srv   *httptest.Server
	files *moduleFiles
}

func newPluginFixture(t *testing.T) *pluginFixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	gw, err := gateway.New(context.Background(), st, gateway.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	// The module server listens on loopback, which fetches refuse unless
	// allow-listed, as an operator would with --plugin-fetch-allow.
	allow, err := plugin.ParseFetchAllow([]string{"127.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := plugin.New(context.Background(), st, gw, plugin.Options{Logger: log,
		Fetcher: plugin.NewFetcher(plugin.FetcherOptions{Allow: allow})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	files := &moduleFiles{files: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files.mu.Lock()
		b, ok := files.files[r.URL.Path]
		files.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(gw, Options{Logger: log, Plugins: reg}))
	f := &pluginFixture{fixture: &fixture{t: t, st: st, gw: gw, mux: mux}, reg: reg, srv: srv, files: files}
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	return f
}

func (f *pluginFixture) serve(path string, b []byte) string {
	f.files.mu.Lock()
	f.files.files[path] = b
	f.files.mu.Unlock()
	return f.srv.URL + path
}

func TestPluginEndpoints(t *testing.T) {
	f := newPluginFixture(t)
	module := plugintest.Noop(t)
	sum := plugin.SHA256(module)
	url := f.serve("/noop.wasm", module)

	if out := f.must(http.StatusOK, "GET", pluginsURL, ""); out["total"] != 0.0 || len(out["data"].([]any)) != 0 {
		t.Fatalf("empty list: %v", out)
	}
	body := `{"imagePullPolicy":"IfNotPresent","imagePullSecret":"dTpw","phase":"AUTHZ","pluginConfig":{"k":"v"},
		"pluginName":"noop","priority":-5,"sha256":"` + strings.ToUpper(sum) + `","url":"` + url + `","verificationKey":"key"}`
	out := f.must(http.StatusOK, "POST", pluginsURL, body)
	id, _ := out["id"].(string)
	want := map[string]any{"imagePullPolicy": "IfNotPresent", "imagePullSecret": "dTpw", "phase": "AUTHZ",
		"pluginName": "noop", "priority": -5.0, "sha256": sum, "url": url, "verificationKey": "key", "failStrategy": "FAIL_CLOSE"}
	for k, v := range want {
		if out[k] != v {
			t.Fatalf("create answered %s=%v, want %v (%v)", k, out[k], v, out)
		}
	}
	if cfg, _ := out["pluginConfig"].(map[string]any); id == "" || cfg["k"] != "v" {
		t.Fatalf("create answered %v", out)
	}
	// Defaults, and a sha256 computed when none is given.
	out = f.must(http.StatusOK, "POST", pluginsURL, `{"pluginName":"second","url":"`+url+`"}`)
	if out["sha256"] != sum || out["phase"] != "UNSPECIFIED_PHASE" || out["imagePullPolicy"] != "UNSPECIFIED_POLICY" ||
		out["priority"] != 0.0 || out["failStrategy"] != "FAIL_CLOSE" || len(out["pluginConfig"].(map[string]any)) != 0 {
		t.Fatalf("defaults: %v", out)
	}
	second := out["id"].(string)

	got := f.must(http.StatusOK, "GET", pluginsURL+"/"+id, "")
	if got["pluginName"] != "noop" || got["id"] != id {
		t.Fatalf("get: %v", got)
	}
	list := f.must(http.StatusOK, "GET", pluginsURL, "")
	data := list["data"].([]any)
	if list["total"] != 2.0 || data[0].(map[string]any)["id"] != id || data[1].(map[string]any)["id"] != second {
		t.Fatalf("list: %v", list)
	}
	// A GET body, id included, can be PUT back with a change.
	got["priority"], got["failStrategy"] = 7, "FAIL_OPEN"
	up := f.must(http.StatusOK, "PUT", pluginsURL+"/"+id, mustJSON(t, got))
	if up["priority"] != 7.0 || up["failStrategy"] != "FAIL_OPEN" || up["sha256"] != sum || up["id"] != id || up["disabled"] != false {
		t.Fatalf("update: %v", up)
	}
	// Disabled, and enabled again: a PUT without the field enables it.
	up["disabled"] = true
	if off := f.must(http.StatusOK, "PUT", pluginsURL+"/"+id, mustJSON(t, up)); off["disabled"] != true {
		t.Fatalf("disable: %v", off)
	}
	if got := f.must(http.StatusOK, "GET", pluginsURL+"/"+id, ""); got["disabled"] != true {
		t.Fatalf("get a disabled plugin: %v", got)
	}
	delete(up, "disabled")
	if on := f.must(http.StatusOK, "PUT", pluginsURL+"/"+id, mustJSON(t, up)); on["disabled"] != false {
		t.Fatalf("enable: %v", on)
	}
	if out := f.must(http.StatusOK, "DELETE", pluginsURL+"/"+id, ""); out != nil {
		t.Fatalf("delete answered %v", out)
	}
	code, out := f.do("GET", pluginsURL+"/"+id, "")
	wantError(t, code, out, http.StatusNotFound, "SVCSTG.00400106", "plugin "+id+" does not exist")
	if list := f.must(http.StatusOK, "GET", pluginsURL, ""); list["total"] != 1.0 {
		t.Fatalf("list after delete: %v", list)
	}
}

func TestPluginBadInput(t *testing.T) {
	f := newPluginFixture(t)
	module := plugintest.Noop(t)
	good := f.serve("/noop.wasm", module)
	taken := f.must(http.StatusOK, "POST", pluginsURL, `{"pluginName":"taken","url":"`+good+`"}`)
	takenURL := pluginsURL + "/" + taken["id"].(string)
	notWasm := f.serve("/text.wasm", []byte("#!/bin/sh\necho hello\n"))
	notProxy := f.serve("/empty.wasm", plugintest.Empty())
	other := plugin.SHA256([]byte("other"))
	body := func(extra string) string { return `{"pluginName":"p","url":"` + good + `"` + extra + `}` }
	cases := []struct {
		name, method, path, body string
		status                   int
		code, detail             string
	}{
		{"bad phase", "POST", pluginsURL, body(`,"phase":"LAST"`), 400, "SVCSTG.00400100", `phase: must be UNSPECIFIED_PHASE, AUTHN, AUTHZ or STATS, not "LAST"`},
		{"lowercase phase", "POST", pluginsURL, body(`,"phase":"authn"`), 400, "SVCSTG.00400100", "phase: must be"},
		{"bad pull policy", "POST", pluginsURL, body(`,"imagePullPolicy":"Never"`), 400, "SVCSTG.00400100", "imagePullPolicy: must be UNSPECIFIED_POLICY, IfNotPresent or Always"},
		{"bad fail strategy", "POST", pluginsURL, body(`,"failStrategy":"FAIL_SOMETIMES"`), 400, "SVCSTG.00400100", "failStrategy: must be FAIL_CLOSE or FAIL_OPEN"},
		{"priority too high", "POST", pluginsURL, body(`,"priority":2147483648`), 400, "SVCSTG.00400100", "priority: must be -2147483648 to 2147483647"},
		{"priority too low", "POST", pluginsURL, body(`,"priority":-2147483649`), 400, "SVCSTG.00400100", "priority: must be"},
		{"priority fraction", "POST", pluginsURL, body(`,"priority":1.5`), 400, "SVCSTG.00400100", "priority: must be an integer"},
		{"priority text", "POST", pluginsURL, body(`,"priority":"1"`), 400, "SVCSTG.00400100", "priority: must be an integer"},
		{"sha256 short", "POST", pluginsURL, body(`,"sha256":"abc"`), 400, "SVCSTG.00400100", "sha256: must be 64 hex digits"},
		{"sha256 not hex", "POST", pluginsURL, body(`,"sha256":"` + strings.Repeat("g", 64) + `"`), 400, "SVCSTG.00400100", "sha256: must be 64 hex digits"},
		{"wrong sha256", "POST", pluginsURL, body(`,"sha256":"` + other + `"`), 400, "SVCSTG.00400100", "sha256: the module fetched from the url has sha256 " + plugin.SHA256(module) + ", not " + other},
		{"ftp scheme", "POST", pluginsURL, `{"pluginName":"p","url":"ftp://example.com/p.wasm"}`, 400, "SVCSTG.00400100", `url: scheme must be http, https, oci or causeway, not "ftp"`},
		{"file scheme", "POST", pluginsURL, `{"pluginName":"p","url":"file:///etc/passwd"}`, 400, "SVCSTG.00400100", "url: scheme must be"},
		{"no url", "POST", pluginsURL, `{"pluginName":"p"}`, 400, "SVCSTG.00400100", "url: is required"},
		{"bad oci reference", "POST", pluginsURL, `{"pluginName":"p","url":"oci://Registry/UPPER:tag"}`, 400, "SVCSTG.00400100", "url: is not an OCI reference"},
		{"bad causeway url", "POST", pluginsURL, `{"pluginName":"p","url":"causeway://abc"}`, 400, "SVCSTG.00400100", "url: must be causeway://<sha256"},
		{"unknown upload", "POST", pluginsURL, `{"pluginName":"p","url":"causeway://` + other + `"}`, 400, "SVCSTG.00400100", "no module with sha256 " + other},
		{"config array", "POST", pluginsURL, body(`,"pluginConfig":[1]`), 400, "SVCSTG.00400100", "pluginConfig: must be a JSON object"},
		{"config string", "POST", pluginsURL, body(`,"pluginConfig":"{}"`), 400, "SVCSTG.00400100", "pluginConfig: must be a JSON object"},
		{"config number", "POST", pluginsURL, body(`,"pluginConfig":3`), 400, "SVCSTG.00400100", "pluginConfig: must be a JSON object"},
		{"no name", "POST", pluginsURL, `{"url":"` + good + `"}`, 400, "SVCSTG.00400100", "pluginName: must be"},
		{"name too long", "POST", pluginsURL, `{"pluginName":"` + strings.Repeat("n", 65) + `","url":"` + good + `"}`, 400, "SVCSTG.00400100", "pluginName: must be 1-64"},
		{"name with space", "POST", pluginsURL, `{"pluginName":"a b","url":"` + good + `"}`, 400, "SVCSTG.00400100", "pluginName: must be"},
		{"bad pull secret", "POST", pluginsURL, body(`,"imagePullSecret":"not base64!"`), 400, "SVCSTG.00400100", "imagePullSecret: must be base64 of user:password or a Docker config JSON"},
		{"unknown field", "POST", pluginsURL, body(`,"pluginType":"x"`), 400, "SVCSTG.00400100", `unknown field "pluginType"`},
		{"id on create", "POST", pluginsURL, body(`,"id":"x"`), 400, "SVCSTG.00400100", "id: is assigned by the server"},
		{"not wasm", "POST", pluginsURL, `{"pluginName":"p","url":"` + notWasm + `"}`, 400, "SVCSTG.00400100", "url: the module is not WebAssembly"},
		{"not proxy-wasm", "POST", pluginsURL, `{"pluginName":"p","url":"` + notProxy + `"}`, 400, "SVCSTG.00400100", "url: the module is not a proxy-wasm plugin"},
		{"fetch 404", "POST", pluginsURL, `{"pluginName":"p","url":"` + f.srv.URL + `/absent.wasm"}`, 400, "SVCSTG.00400100", "url: " + plugin.FetchFailedMsg},
		{"fetch refused port", "POST", pluginsURL, `{"pluginName":"p","url":"http://127.0.0.1:1/p.wasm"}`, 400, "SVCSTG.00400100", "url: " + plugin.FetchFailedMsg},
		{"fetch metadata address", "POST", pluginsURL, `{"pluginName":"p","url":"http://169.254.169.254/latest/meta-data/"}`, 400, "SVCSTG.00400100", "url: " + plugin.FetchFailedMsg},
		{"duplicate name", "POST", pluginsURL, `{"pluginName":"taken","url":"` + good + `"}`, 409, "SVCSTG.00400107", `pluginName: "taken" is already the name`},
		{"unknown gateway", "POST", "/v2/default/enginemgr/gateways/ghost/plugins", body(""), 404, "SVCSTG.00400106", "gateway ghost does not exist"},
		{"list unknown gateway", "GET", "/v2/default/enginemgr/gateways/ghost/plugins", "", 404, "SVCSTG.00400106", "gateway ghost does not exist"},
		{"get unknown gateway", "GET", "/v2/default/enginemgr/gateways/ghost/plugins/x", "", 404, "SVCSTG.00400106", "gateway ghost does not exist"},
		{"get unknown plugin", "GET", pluginsURL + "/absent", "", 404, "SVCSTG.00400106", "plugin absent does not exist in gateway gw1"},
		{"update unknown plugin", "PUT", pluginsURL + "/absent", body(""), 404, "SVCSTG.00400106", "plugin absent does not exist"},
		{"delete unknown plugin", "DELETE", pluginsURL + "/absent", "", 404, "SVCSTG.00400106", "plugin absent does not exist"},
		{"update other id", "PUT", takenURL, `{"id":"other","pluginName":"taken","url":"` + good + `"}`, 400, "SVCSTG.00400100", `id: "other" differs from the plugin_id`},
		{"update bad enum", "PUT", takenURL, `{"pluginName":"taken","url":"` + good + `","phase":"X"}`, 400, "SVCSTG.00400100", "phase: must be"},
		{"update to not proxy-wasm", "PUT", takenURL, `{"pluginName":"taken","url":"` + notProxy + `"}`, 400, "SVCSTG.00400100", "not a proxy-wasm plugin"},
		{"update wrong sha256", "PUT", takenURL, `{"pluginName":"taken","imagePullPolicy":"Always","url":"` + good + `","sha256":"` + other + `"}`, 400, "SVCSTG.00400100", "sha256: the module fetched"},
		{"bad gateway id", "POST", "/v2/default/enginemgr/gateways/a%7Cb/plugins", body(""), 400, "SVCSTG.00400100", "gateway_id: must be"},
		{"empty body", "POST", pluginsURL, "", 400, "SVCSTG.00400100", "body: a JSON value is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.storeRevision()
			code, out := f.do(c.method, c.path, c.body)
			wantError(t, code, out, c.status, c.code, c.detail)
			if f.storeRevision() != before {
				t.Fatal("a refused request wrote to the store")
			}
		})
	}
	if list := f.must(http.StatusOK, "GET", pluginsURL, ""); list["total"] != 1.0 {
		t.Fatalf("list: %v", list)
	}
	if got := f.must(http.StatusOK, "GET", takenURL, ""); got["sha256"] != plugin.SHA256(module) || got["url"] != good {
		t.Fatalf("the plugin changed: %v", got)
	}
}

// TestPluginUpdateKeepsTheOldModule: a module that fails to fetch or
// verify leaves the plugin on its last good module, which stays served.
func TestPluginUpdateKeepsTheOldModule(t *testing.T) {
	f := newPluginFixture(t)
	module := plugintest.Noop(t)
	url := f.serve("/noop.wasm", module)
	p := f.must(http.StatusOK, "POST", pluginsURL, `{"pluginName":"p","url":"`+url+`"}`)
	path := pluginsURL + "/" + p["id"].(string)
	// The server now serves garbage at the same url: Always re-fetches.
	f.serve("/noop.wasm", []byte("garbage"))
	code, out := f.do("PUT", path, `{"pluginName":"p","url":"`+url+`","imagePullPolicy":"Always","priority":9}`)
	wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", "url: the module is not WebAssembly")
	got := f.must(http.StatusOK, "GET", path, "")
	if got["sha256"] != plugin.SHA256(module) || got["priority"] != 0.0 || got["imagePullPolicy"] != "UNSPECIFIED_POLICY" {
		t.Fatalf("the plugin changed: %v", got)
	}
	if b, err := f.reg.Module(plugin.SHA256(module)); err != nil || len(b) != len(module) {
		t.Fatalf("the old module is gone: %v", err)
	}
	// IfNotPresent keeps using the stored module without fetching.
	up := f.must(http.StatusOK, "PUT", path, `{"pluginName":"p","url":"`+url+`","imagePullPolicy":"IfNotPresent","priority":9}`)
	if up["sha256"] != plugin.SHA256(module) || up["priority"] != 9.0 {
		t.Fatalf("update: %v", up)
	}
}

// TestPluginRefusedConfig: a pluginConfig the plugin itself refuses (its
// proxy_on_configure answers false, as Envoy would see it) is a 400 in the
// CSE shape carrying the plugin's reason, on create and update; nothing is
// stored, the plugin keeps its last good configuration, and the gateway's
// plugins go on changing.
func TestPluginRefusedConfig(t *testing.T) {
	f := newPluginFixture(t)
	keyAuth := f.serve("/key-auth.wasm", plugintest.Shipped(t, "key-auth"))
	rewrite := f.serve("/header-rewrite.wasm", plugintest.Shipped(t, "header-rewrite"))
	auth := f.must(http.StatusOK, "POST", pluginsURL,
		`{"pluginName":"auth","url":"`+keyAuth+`","phase":"AUTHN","pluginConfig":{"keys":["k1"]}}`)
	authURL := pluginsURL + "/" + auth["id"].(string)
	hdr := f.must(http.StatusOK, "POST", pluginsURL,
		`{"pluginName":"hdr","url":"`+rewrite+`","pluginConfig":{"request":{"set":{"x-a":"1"}}}}`)
	hdrURL := pluginsURL + "/" + hdr["id"].(string)

	const keysWhy = "pluginConfig: the plugin refused this configuration: key-auth: invalid pluginConfig, refusing to start: keys: must be an array of strings"
	cases := []struct {
		name, method, path, body, detail string
	}{
		{"create", "POST", pluginsURL, `{"pluginName":"bad","url":"` + keyAuth + `","pluginConfig":{"keys":5}}`, keysWhy},
		{"create without keys", "POST", pluginsURL, `{"pluginName":"bad","url":"` + keyAuth + `"}`,
			"pluginConfig: the plugin refused this configuration: key-auth: invalid pluginConfig, refusing to start: keys: at least one key is required"},
		{"update", "PUT", authURL, `{"pluginName":"auth","url":"` + keyAuth + `","phase":"AUTHN","pluginConfig":{"keys":5}}`, keysWhy},
		{"update another plugin", "PUT", hdrURL, `{"pluginName":"hdr","url":"` + rewrite + `","pluginConfig":{"request":{"set":{"bad header":"v"}}}}`,
			"pluginConfig: the plugin refused this configuration: header-rewrite: invalid pluginConfig, refusing to start: request.set: "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.storeRevision()
			code, out := f.do(c.method, c.path, c.body)
			wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", c.detail)
			if out["error_msg"] != "Invalid parameter(s)" {
				t.Fatalf("error_msg %v", out["error_msg"])
			}
			if f.storeRevision() != before {
				t.Fatal("a refused configuration wrote to the store")
			}
		})
	}
	if got := f.must(http.StatusOK, "GET", authURL, ""); mustJSON(t, got["pluginConfig"]) != `{"keys":["k1"]}` {
		t.Fatalf("the refused update changed the plugin: %v", got)
	}
	if list := f.must(http.StatusOK, "GET", pluginsURL, ""); list["total"] != 2.0 {
		t.Fatalf("list: %v", list)
	}
	// The gateway's plugins still change, the refused one included.
	up := f.must(http.StatusOK, "PUT", hdrURL, `{"pluginName":"hdr","url":"`+rewrite+`","pluginConfig":{"request":{"set":{"x-a":"2"}}}}`)
	if mustJSON(t, up["pluginConfig"]) != `{"request":{"set":{"x-a":"2"}}}` {
		t.Fatalf("update: %v", up)
	}
	up = f.must(http.StatusOK, "PUT", authURL, `{"pluginName":"auth","url":"`+keyAuth+`","phase":"AUTHN","pluginConfig":{"keys":["k2"]}}`)
	if mustJSON(t, up["pluginConfig"]) != `{"keys":["k2"]}` {
		t.Fatalf("update: %v", up)
	}
}

func TestPluginRoutesOnlyWithARegistry(t *testing.T) {
	f := newFixture(t, nil)
	f.must(http.StatusOK, "PUT", gwPath, gwBody)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, httptest.NewRequest("GET", pluginsURL, nil))
	if rec.Code != http.StatusNotFound {
		t.Fatalf("plugin routes without a registry: %d", rec.Code)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
