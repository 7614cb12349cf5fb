package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The console's gateway, governance and ServiceComb pages in a real
// headless Chromium against the real binary with auth on: a gateway and a
// route created in the UI carry traffic through a real Envoy; a plugin
// uploaded with a configuration the plugin refuses shows the refusal next
// to the config, is fixed, listed in run order, moved ahead of another and
// enforced, disabled and enabled again in Envoy; an http2rpc mapping is
// created; a rate limit (its refused spec shown in place first) and gray
// release rules created in the UI are read back through the API and
// enforced by Envoy; a ServiceComb microservice's instances show as they
// register.
// Screenshots of each page go to build/console-screenshots.
func TestConsoleGateway(t *testing.T) {
	envoyBinary(t) // skips without Envoy
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	b := newBrowser(t, s)
	b.login("nacos", adminPassword)

	g := &consoleGW{t: t, s: s, b: b, token: token, id: "gw-console", port: freePort(t, "127.0.0.1")}
	g.gateway()
	g.route()
	g.plugins()
	g.http2rpc()
	g.governance()
	g.routeRules()
	consoleServiceComb(t, s, b, token)
}

// consoleGW is the state of the gateway steps.
type consoleGW struct {
	t     *testing.T
	s     *server
	b     *browser
	token string
	id    string // the gateway id
	port  int    // its listener
	envoy *envoyProc
}

// api calls a CSE path as the admin and decodes the answer into out.
func (g *consoleGW) api(method, path string, body, out any) {
	g.t.Helper()
	code, answer := bearerJSON(g.t, method, g.s.url(path), g.token, body)
	if code != http.StatusOK {
		g.t.Fatalf("%s %s: %d %s", method, path, code, answer)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(answer), out); err != nil {
			g.t.Fatalf("%s %s: %v in %s", method, path, err, answer)
		}
	}
}

func (g *consoleGW) base() string { return "/v2/default/enginemgr/gateways/" + g.id }

// get sends GET / through the gateway's Envoy with headers (name, value)
// and answers the status.
func (g *consoleGW) get(headers ...string) int {
	code, _ := g.getFrom(headers...)
	return code
}

// getFrom is get answering also the upstream that answered.
func (g *consoleGW) getFrom(headers ...string) (int, string) {
	return g.getPath("/", headers...)
}

// getPath is getFrom for another path than /.
func (g *consoleGW) getPath(path string, headers ...string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d%s", g.port, path), nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := proxyClient.Do(req)
	if err != nil {
		return 0, ""
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("x-upstream")
}

func (g *consoleGW) gateway() {
	b := g.b
	b.goTo("gateways", nil)
	b.waitText("main", "No gateway yet.")
	b.click("#gw-create")
	b.setValue(`#gw-form input[name="id"]`, g.id)
	// A refused listener shows the server's reason next to the listeners.
	port := `#gw-form input[name="port-0"]`
	b.setValue(port, "0")
	b.clickButton("#gw-form", "Save")
	b.waitText(`#gw-form [data-field="listeners"] .field-error`, "listeners[0].port: must be 1-65535")
	b.run("the port at fault is marked", waitJS(`document.querySelector('#gw-form input[name="port-0"]').classList.contains('bad-input')`))
	b.screenshot("gateway-listener-error")
	b.setValue(port, fmt.Sprint(g.port))
	b.clickButton("#gw-form", "Save")
	b.waitText("#gateways", g.id)
	b.waitText("#gateways", fmt.Sprintf("http HTTP :%d", g.port))
	b.screenshot("gateways")
	var gw struct {
		Listeners []struct{ Port int } `json:"listeners"`
	}
	g.api(http.MethodGet, g.base(), nil, &gw)
	if len(gw.Listeners) != 1 || gw.Listeners[0].Port != g.port {
		g.t.Fatalf("the gateway through the API: %+v", gw)
	}
}

// route creates a route to "orders" in the UI and checks it through the
// API, in Envoy's config and with a request through Envoy.
func (g *consoleGW) route() {
	t, b := g.t, g.b
	up := startUpstream(t, "127.0.0.1", 0, "orders-v1")
	if code, body := call(t, http.MethodPost, g.s.url("/nacos/v1/ns/instance"), nacosCreds(
		"serviceName", "orders", "ip", "127.0.0.1", "port", fmt.Sprint(up.port), "ephemeral", "false",
		"metadata", `{"version":"1.0.0"}`)); code != http.StatusOK {
		t.Fatalf("register orders: %d %s", code, body)
	}
	b.goTo("gateway", url.Values{"id": {g.id}})
	b.click("#route-create")
	b.setValue(`#route-form input[name="name"]`, "orders")
	b.setValue(`#route-form input[name="pathValue"]`, "/")
	b.setValue(`#route-form input[name="service"]`, "orders")
	b.clickButton("#route-form", "Save")
	b.waitText("#routes", "orders (DEFAULT_GROUP, public)")
	b.screenshot("gateway-routes")
	var routes struct {
		Data []struct {
			Name        string `json:"name"`
			Destination struct{ Service string }
		} `json:"data"`
	}
	g.api(http.MethodGet, g.base()+"/routes", nil, &routes)
	if len(routes.Data) != 1 || routes.Data[0].Name != "orders" || routes.Data[0].Destination.Service != "orders" {
		t.Fatalf("routes through the API: %+v", routes)
	}
	md := map[string]string{"causeway.role": "gateway", "causeway.gateway_id": g.id}
	g.envoy = startEnvoy(t, envoyOptions{NodeID: "console-gateway", XDSAddr: g.s.xdsAddr, Metadata: md, Token: xdsToken(t, g.s, md)})
	t.Cleanup(func() {
		if n := g.envoy.rejectedUpdates(t); n != 0 {
			t.Errorf("envoy rejected %d updates: %v", n, g.envoy.rejectedStats(t))
		}
	})
	eventually(t, 15*time.Second, "the route to reach Envoy and carry a request", func() bool {
		return g.get() == http.StatusOK
	})
	if dump := g.envoy.configDump(t); !strings.Contains(dump, "outbound|||orders.DEFAULT_GROUP.public") {
		t.Fatalf("Envoy's config has no cluster of the route's destination")
	}
}

// plugins uploads key-auth with a configuration it refuses, fixes it,
// moves it ahead of a second plugin and sees Envoy enforce it.
func (g *consoleGW) plugins() {
	t, b := g.t, g.b
	dir := t.TempDir()
	keyAuth := filepath.Join(dir, "key-auth.wasm")
	if err := os.WriteFile(keyAuth, pluginModule(t, "key-auth"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.goTo("gateway", url.Values{"id": {g.id}, "tab": {"plugins"}})
	b.waitText("main", "No plugin yet.")
	b.click("#plugin-create")
	b.setValue(`#plugin-form input[name="pluginName"]`, "key-auth")
	b.run("choose the module", chromedp.SetUploadFiles(chromedp.CSS(`#plugin-form input[name="module"]`), []string{keyAuth}))
	b.waitText("#plugin-form .file-state", "sha256")
	b.setValue(`#plugin-form select[name="phase"]`, "AUTHN")
	b.setValue(`#plugin-form textarea[name="pluginConfig"]`, `{"keys": 5}`)
	b.clickButton("#plugin-form", "Save")
	configError := `#plugin-form [data-field="pluginConfig"] .field-error`
	b.waitText(configError, "the plugin refused this configuration")
	b.waitText(configError, "keys: must be an array of strings")
	b.screenshot("gateway-plugin-config-error")
	b.setValue(`#plugin-form textarea[name="pluginConfig"]`, `{"keys": ["k1"]}`)
	b.clickButton("#plugin-form", "Save")
	b.waitText("#plugins", "key-auth")

	// A second plugin of the same phase with a higher priority runs first.
	var up struct{ URL, SHA256 string }
	g.uploadModule(pluginModule(t, "header-rewrite"), &up)
	g.api(http.MethodPost, g.base()+"/plugins", map[string]any{"pluginName": "hdr", "url": up.URL, "phase": "AUTHN",
		"priority": 5, "pluginConfig": map[string]any{"request": map[string]any{"set": map[string]any{"x-a": "1"}}}}, nil)
	b.click("#tab-routes") // and back: the list loads again
	b.click("#tab-plugins")
	b.waitText("#plugins tbody tr:first-child", "hdr")
	b.waitText("#plugins tbody tr:last-child", "key-auth")
	b.clickButton("#plugins tbody tr:last-child", "↑")
	b.waitText("#plugins tbody tr:first-child", "key-auth")
	b.screenshot("gateway-plugins")
	var list struct {
		Data []struct {
			Name     string `json:"pluginName"`
			Priority int    `json:"priority"`
		} `json:"data"`
	}
	g.api(http.MethodGet, g.base()+"/plugins", nil, &list)
	prio := map[string]int{}
	for _, p := range list.Data {
		prio[p.Name] = p.Priority
	}
	if len(prio) != 2 || prio["key-auth"] <= prio["hdr"] {
		t.Fatalf("after the move the priorities are %v", prio)
	}
	eventually(t, moduleLoad, "Envoy to refuse a request without the key", func() bool {
		return g.get() == http.StatusUnauthorized
	})
	if code := g.get("x-api-key", "k1"); code != http.StatusOK {
		t.Fatalf("a request with the key answered %d", code)
	}
	// Disabled, Envoy lets requests without the key through; enabled
	// again, it refuses them.
	b.clickButton("#plugins tbody tr:first-child", "Disable")
	b.waitText("#plugins tbody tr:first-child", "disabled")
	eventually(t, moduleLoad, "a disabled key-auth to let a request without the key through", func() bool {
		return g.get() == http.StatusOK
	})
	b.screenshot("gateway-plugins-disabled")
	b.clickButton("#plugins tbody tr:first-child", "Enable")
	b.waitText("#plugins tbody tr:first-child", "enabled")
	eventually(t, moduleLoad, "an enabled key-auth to refuse a request without the key", func() bool {
		return g.get() == http.StatusUnauthorized
	})
}

// uploadModule stores a module through the API, as the console does.
func (g *consoleGW) uploadModule(module []byte, out any) {
	g.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, g.s.url("/causeway/v1/wasm"), strings.NewReader(string(module)))
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(out) != nil {
		g.t.Fatalf("upload a module: %d", resp.StatusCode)
	}
}

func (g *consoleGW) http2rpc() {
	t, b := g.t, g.b
	b.goTo("gateway", url.Values{"id": {g.id}, "tab": {"http2rpc"}})
	b.click("#rpc-create")
	b.setValue(`#rpc-form input[name="name"]`, "users")
	b.setValue(`#rpc-form input[name="routeName"]`, "orders")
	b.setValue(`#rpc-form input[name="service"]`, "com.example.UserService")
	b.clickButton("#rpc-form", "Save")
	b.waitText("#http2rpcs", "GET /users/hello")
	b.screenshot("gateway-http2rpc")
	var list struct {
		Total int `json:"total"`
	}
	g.api(http.MethodGet, g.base()+"/http2Rpcs", nil, &list)
	if list.Total != 1 {
		t.Fatalf("http2rpc mappings through the API: %d", list.Total)
	}
}

// governance creates a traffic definition (the example: prefix /orders)
// and a rate limit bound to it in the UI, a refused spec shown in place
// first, and sees Envoy enforce the limit.
func (g *consoleGW) governance() {
	t, b := g.t, g.b
	create := func(kind, spec string) {
		b.goTo("governance", url.Values{"kind": {kind}})
		b.click("#policy-create")
		b.setValue(`#policy-form input[name="name"]`, "limited")
		b.setValue(`#policy-form input[name="service"]`, "orders")
		if spec != "" {
			b.setValue(`#policy-form textarea[name="spec"]`, spec)
		}
		b.clickButton("#policy-form", "Save")
	}
	create("match-group", "")
	b.waitText("#policies", "limited")
	create("rate-limiting", `{"rate": 2, "limitRefreshPeriod": 10}`)
	b.waitText(`#policy-form [data-field="spec"] .field-error`, "spec.limitRefreshPeriod: must be at least 50ms")
	b.setValue(`#policy-form textarea[name="spec"]`, `{"rate": 2, "limitRefreshPeriod": 60000}`)
	b.clickButton("#policy-form", "Save")
	b.waitText("#policies", "limitRefreshPeriod")
	b.screenshot("governance")
	var list []struct {
		MatchGroup *struct{ Name string } `json:"matchGroup"`
		Policies   []struct {
			Name, Kind string
		} `json:"policies"`
	}
	g.api(http.MethodGet, "/v3/default/govern/governance/rate-limiting", nil, &list)
	if len(list) != 1 || list[0].MatchGroup == nil || list[0].MatchGroup.Name != "limited" ||
		len(list[0].Policies) != 1 || list[0].Policies[0].Kind != "rate-limiting" {
		t.Fatalf("rate limits through the API: %+v", list)
	}
	eventually(t, 10*time.Second, "Envoy to limit /orders to 2 requests a minute", func() bool {
		code, _ := g.getPath("/orders", "x-api-key", "k1")
		return code == http.StatusTooManyRequests
	})
	if code, _ := g.getPath("/", "x-api-key", "k1"); code != http.StatusOK {
		t.Fatalf("a request outside the traffic definition answered %d", code)
	}
}

// grayRules send requests with x-canary: true to version 2.0.0 and split
// the others 80/20 between 1.0.0 and 2.0.0.
const grayRules = `[
  {"precedence": 2, "match": {"headers": {"x-canary": {"exact": "true"}}},
   "route": [{"name": "canary", "weight": 100, "tags": {"version": "2.0.0"}}]},
  {"precedence": 1, "route": [{"name": "stable", "weight": 80, "tags": {"version": "1.0.0"}},
                              {"name": "new", "weight": 20, "tags": {"version": "2.0.0"}}]}
]`

// routeRules saves a gray release of orders; a refused rule shows the
// server's reason under the editor.
func (g *consoleGW) routeRules() {
	t, b := g.t, g.b
	b.goTo("routerules", url.Values{"service": {"orders"}})
	b.waitText("main", "no rules")
	b.setValue("#rr-text", `[{"route":[{"weight":150,"tags":{"version":"2.0.0"}}]}]`)
	b.click("#rr-save")
	b.waitText("#rr-error", "weight")
	b.setValue("#rr-text", grayRules)
	b.click("#rr-save")
	b.waitText("#route-rules", "canary")
	b.screenshot("route-rules")
	var rr struct {
		Result []map[string]any `json:"result"`
	}
	g.api(http.MethodGet, "/v3/default/govern/route-rule/microservices/orders", nil, &rr)
	if len(rr.Result) != 2 {
		t.Fatalf("route rules through the API: %+v", rr)
	}
	// The gateway's Envoy sends canary requests to 2.0.0 once it runs.
	v2 := startUpstream(t, "127.0.0.1", 0, "orders-v2")
	if code, body := call(t, http.MethodPost, g.s.url("/nacos/v1/ns/instance"), nacosCreds(
		"serviceName", "orders", "ip", "127.0.0.1", "port", fmt.Sprint(v2.port), "ephemeral", "false",
		"metadata", `{"version":"2.0.0"}`)); code != http.StatusOK {
		t.Fatalf("register orders 2.0.0: %d %s", code, body)
	}
	eventually(t, 10*time.Second, "canary requests to reach 2.0.0 only", func() bool {
		for range 10 {
			if code, from := g.getFrom("x-api-key", "k1", "x-canary", "true"); code != http.StatusOK || from != "orders-v2" {
				return false
			}
		}
		return true
	})
	// The gateway's routes say how their destination is split.
	b.goTo("gateway", url.Values{"id": {g.id}, "tab": {"routes"}})
	b.waitText("#routes", "x-canary=true: 100% version=2.0.0")
	b.waitText("#routes", "every request: 80% version=1.0.0, 20% version=2.0.0")
	b.screenshot("gateway-routes-gray")
}

// consoleServiceComb registers a microservice and its instances through
// the ServiceComb API and sees them in the console without a reload.
func consoleServiceComb(t *testing.T, s *server, b *browser, token string) {
	t.Helper()
	scCall := func(method, path string, body any) map[string]any {
		t.Helper()
		code, answer := bearerJSON(t, method, s.url("/v4/default/registry/microservices"+path), token, body)
		if code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, code, answer)
		}
		var out map[string]any
		_ = json.Unmarshal([]byte(answer), &out)
		return out
	}
	svc := scCall(http.MethodPost, "", map[string]any{"service": map[string]any{
		"appId": "default", "serviceName": "catalog", "version": "1.0.0", "schemas": []string{"hello"}}})
	id, _ := svc["serviceId"].(string)
	scCall(http.MethodPut, "/"+id+"/schemas/hello", map[string]any{"schema": "openapi: 3.0.0\ninfo:\n  title: hello"})
	register := func(port int) {
		scCall(http.MethodPost, "/"+id+"/instances", map[string]any{"instance": map[string]any{
			"hostName": "host-" + fmt.Sprint(port), "status": "UP", "endpoints": []string{fmt.Sprintf("rest://10.0.0.5:%d", port)}}})
	}
	register(8080)
	b.goTo("microservices", nil)
	b.waitText("#microservices", "catalog")
	b.screenshot("servicecomb")
	b.goTo("microservice", url.Values{"id": {id}})
	b.waitText("#ms-instances", "rest://10.0.0.5:8080")
	register(8081) // appears without a reload
	b.waitText("#ms-instances", "rest://10.0.0.5:8081")
	b.clickButton("#ms-schemas", "Show")
	b.waitText("#ms-schemas", "title: hello")
	b.screenshot("servicecomb-microservice")
}
