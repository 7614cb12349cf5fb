package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The web console in a real headless Chromium against the real binary with
// auth on: log in through the page; an instance registered through the
// Nacos API appears without a reload and is disabled and edited in the UI;
// a config is edited, its history diffed and rolled back; an Envoy's ACKs
// and config dump show. Screenshots of each page go to
// build/console-screenshots.
func TestConsole(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	b := newBrowser(t, s)
	b.open()
	b.waitText("#login", "Log in")
	b.screenshot("login")
	// A refused login shows the server's reason on the login page.
	b.setValue(`#login input[name="password"]`, "wrong-password")
	b.click(`#login button[type="submit"]`)
	b.waitText("#login", "password is right")
	b.login("nacos", adminPassword)
	b.waitText("#server-state", "badger")
	b.screenshot("overview")

	consoleNamespaces(t, b)
	consoleInstances(t, s, b)
	consoleConfigs(t, s, b)
	consoleConfigCreate(t, s, b)
	consoleNodes(t, s, b)

	// A token the server refuses (as an expired one is: 403) ends the
	// session at the next call and shows the login page with the reason.
	b.setSessionToken("not-a-token")
	b.goTo("namespaces", nil)
	b.waitText("#login", "token invalid!")
	b.login("nacos", adminPassword)

	// Logging out returns to the login page.
	b.click("#logout")
	b.waitText("#login", "You have logged out.")
}

// With auth off the console opens without a login.
func TestConsoleAuthOff(t *testing.T) {
	s := start(t, "", "--auth=false")
	b := newBrowser(t, s)
	b.open()
	b.waitText("header", "auth off")
	b.waitText("#server-state", "off")
}

// nacosCreds are the admin's username and password, which the Nacos APIs
// take as parameters, with kv added.
func nacosCreds(kv ...string) url.Values {
	v := url.Values{"username": {"nacos"}, "password": {adminPassword}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// consoleV3 calls the Nacos v3 admin API as the admin and decodes its data.
func consoleV3(t *testing.T, s *server, method, path string, out any, kv ...string) {
	t.Helper()
	code, body := call(t, method, s.url("/nacos/v3/admin"+path), nacosCreds(kv...))
	var env struct {
		Code int             `json:"code"`
		Data json.RawMessage `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &env) != nil || env.Code != 0 {
		t.Fatalf("%s %s: %d %s", method, path, code, body)
	}
	if out != nil {
		if err := json.Unmarshal(env.Data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, body)
		}
	}
}

func consoleNamespaces(t *testing.T, b *browser) {
	b.goTo("namespaces", nil)
	b.click("#ns-create")
	b.setValue(`.dialog input[name="namespaceId"]`, "team-a")
	b.setValue(`.dialog input[name="namespaceName"]`, "Team A")
	b.clickButton(".dialog", "Save")
	b.waitText("#namespaces", "Team A")
	b.screenshot("namespaces")
	row := `#namespaces tr[data-key="team-a"]`
	b.clickButton(row, "Edit")
	b.setValue(`.dialog input[name="namespaceName"]`, "Team Alpha")
	b.clickButton(".dialog", "Save")
	b.waitText(row, "Team Alpha")
	b.setValue("#namespace", "team-a") // the picker knows it now
	b.waitValue("#namespace", "team-a")
	b.setValue("#namespace", "public")
	// A refused create shows the server's message in the banner.
	b.click("#ns-create")
	b.setValue(`.dialog input[name="namespaceId"]`, "bad id")
	b.setValue(`.dialog input[name="namespaceName"]`, "Bad")
	b.clickButton(".dialog", "Save")
	b.waitText("#banner", "illegal namespace")
	b.clickButton(".dialog", "Cancel")
	b.clickButton(row, "Delete") // confirm() is accepted
	b.waitGone("#namespaces", "team-a")
}

// instance is an instance as the v3 admin list answers it.
type instance struct {
	IP       string            `json:"ip"`
	Port     int               `json:"port"`
	Weight   float64           `json:"weight"`
	Enabled  bool              `json:"enabled"`
	Metadata map[string]string `json:"metadata"`
}

func consoleInstances(t *testing.T, s *server, b *browser) {
	t.Helper()
	register := func(ip string) {
		t.Helper()
		// Persistent, so that it stays without heartbeats.
		code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), nacosCreds(
			"serviceName", "orders", "ip", ip, "port", "8080", "ephemeral", "false", "metadata", `{"zone":"a"}`))
		if code != http.StatusOK {
			t.Fatalf("register %s: %d %s", ip, code, body)
		}
	}
	b.goTo("services", nil)
	b.waitText("main", ", live")
	register("10.0.0.7")
	b.waitText("#services", "orders") // no reload: the page polls
	b.screenshot("services")
	b.setValue("#svc-search", "nomatch")
	b.waitGone("#services", "orders")
	b.setValue("#svc-search", "rde")
	b.waitText("#services", "orders")
	b.goTo("service", url.Values{"group": {"DEFAULT_GROUP"}, "name": {"orders"}})
	b.waitText("#instances", "10.0.0.7:8080")
	register("10.0.0.8")
	b.waitText("#instances", "10.0.0.8:8080")

	row := `#instances tr[data-key="DEFAULT/10.0.0.7:8080"]`
	b.clickButton(row, "Disable")
	b.waitText(row, "disabled")
	b.clickButton(row, "Edit")
	b.setValue(`.dialog input[name="weight"]`, "3.5")
	b.setValue(`.dialog textarea[name="metadata"]`, `{"zone": "b", "version": "v2"}`)
	b.clickButton(".dialog", "Save")
	b.waitText(row, "version=v2")
	b.screenshot("instances")

	var list []instance
	consoleV3(t, s, http.MethodGet, "/ns/instance/list", &list, "serviceName", "orders")
	var got *instance
	for i := range list {
		if list[i].IP == "10.0.0.7" {
			got = &list[i]
		}
	}
	if got == nil || got.Enabled || got.Weight != 3.5 || got.Metadata["zone"] != "b" || got.Metadata["version"] != "v2" {
		t.Fatalf("after the UI's changes the API answers %+v", list)
	}
}

func consoleConfigs(t *testing.T, s *server, b *browser) {
	t.Helper()
	const v1, v2 = "db:\n  pool: 10\n  timeout: 5s", "db:\n  pool: 20\n  timeout: 5s"
	consoleV3(t, s, http.MethodPost, "/cs/config", nil,
		"dataId", "orders.yaml", "groupName", "DEFAULT_GROUP", "content", v1, "type", "yaml")
	b.goTo("configs", nil)
	b.setValue("#cfg-search", "orders")
	b.waitText("#configs", "orders.yaml")
	b.screenshot("configs")
	b.goTo("config", url.Values{"group": {"DEFAULT_GROUP"}, "dataId": {"orders.yaml"}})
	b.waitValue(`#config-form textarea[name="content"]`, v1) // loaded, as a user waits
	b.waitText("#history", "created")
	b.setValue(`#config-form textarea[name="content"]`, v2)
	b.click("#cfg-publish")
	b.waitText("#history", "updated")
	if got := configContent(t, s); got != v2 {
		t.Fatalf("after publishing in the UI the content is %q", got)
	}

	consoleHistory(t, s, b, v1)
}

// consoleHistory diffs the config's history, runs a beta, rolls back to
// the first record (content v1) and deletes the config.
func consoleHistory(t *testing.T, s *server, b *browser, v1 string) {
	t.Helper()
	// The creating record holds v1: diff it with the current content.
	created := `#history table.data tbody tr:last-child`
	b.click(created + ` input[name="left"]`)
	b.click("#diff")
	b.waitText("#diff-view", "pool: 20")
	b.waitText("#diff-view", "pool: 10")
	b.screenshot("config-history")

	// A beta to one client IP, then stopped.
	b.setValue("#beta-ips", "10.9.9.9")
	b.clickButton("#beta", "Publish editor content as beta")
	b.waitText("#beta", "In beta to 10.9.9.9")
	b.clickButton("#beta", "Stop beta")
	b.waitText("#beta", "No beta")

	b.clickButton(created, "Roll back to this")
	eventually(t, stepTimeout, "the rollback to reach the API", func() bool { return configContent(t, s) == v1 })
	b.waitValue(`#config-form textarea[name="content"]`, v1) // the editor reloads

	b.click("#cfg-delete") // confirm() is accepted
	b.waitText("main h1", "Configs")
	code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/cs/config"),
		nacosCreds("dataId", "orders.yaml", "groupName", "DEFAULT_GROUP"))
	if code != http.StatusNotFound {
		t.Fatalf("after the delete in the UI the API answers %d %s", code, body)
	}
}

// consoleConfigCreate creates a config through the UI, with its type.
func consoleConfigCreate(t *testing.T, s *server, b *browser) {
	t.Helper()
	b.goTo("configs", nil)
	b.click("#cfg-create")
	b.setValue(`#config-form input[name="dataId"]`, "new.properties")
	b.setValue(`#config-form select[name="type"]`, "properties")
	b.setValue(`#config-form textarea[name="content"]`, "a=1")
	b.click("#cfg-publish")
	b.waitText("#history", "created")
	var cfg struct {
		Content string `json:"content"`
		Type    string `json:"type"`
	}
	consoleV3(t, s, http.MethodGet, "/cs/config", &cfg, "dataId", "new.properties", "groupName", "DEFAULT_GROUP")
	if cfg.Content != "a=1" || cfg.Type != "properties" {
		t.Fatalf("the config created in the UI is %+v", cfg)
	}
}

func configContent(t *testing.T, s *server) string {
	t.Helper()
	var cfg struct {
		Content string `json:"content"`
	}
	consoleV3(t, s, http.MethodGet, "/cs/config", &cfg, "dataId", "orders.yaml", "groupName", "DEFAULT_GROUP")
	return cfg.Content
}

func consoleNodes(t *testing.T, s *server, b *browser) {
	t.Helper()
	envoyBinary(t) // skips without Envoy
	startEnvoy(t, envoyOptions{NodeID: "console-sidecar", XDSAddr: s.xdsAddr, Token: xdsToken(t, s, nil)})
	b.goTo("nodes", nil)
	b.waitText("#nodes", "console-sidecar")
	b.waitText("#nodes", "Cluster ACK")
	b.waitText("#nodes", "Listener ACK")
	b.screenshot("nodes")
	b.goTo("node", url.Values{"id": {"console-sidecar"}})
	b.waitText("#config-dump", "Listener")
	// Folded resources show their names; opening one shows its fields.
	b.waitText("#config-dump", "orders")
	b.click("#config-dump .jt-summary")
	b.waitText("#config-dump", "filterChains")
	b.screenshot("node-config-dump")
	if !strings.Contains(b.textOf("#config-dump"), "Cluster") {
		t.Fatalf("the config dump lacks clusters: %s", b.textOf("#config-dump"))
	}
}
