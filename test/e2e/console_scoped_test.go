package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The console for a user who is not a global admin: granted rw on
// namespace team-a only, it logs in, is put in team-a (the only namespace
// it may read), sees team-a's services and configs, disables and enables
// an instance and publishes a config (each checked through the admin API),
// and never sees a forbidden banner nor the admin-only features (beta,
// namespace writes, xDS nodes). Its pages call the Nacos v1/v2 open APIs,
// which check its permissions; the v3 admin API would refuse it.
func TestConsoleScopedUser(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	const user, pw = "alice", "alice-Secret-1"
	for _, ns := range []string{"team-a", "team-b"} {
		consoleV3(t, s, http.MethodPost, "/core/namespace", nil, "namespaceId", ns, "namespaceName", strings.ToUpper(ns))
	}
	grant(t, s, login(t, s, adminPassword), user, pw, "rw", "team-a:*:*")
	seedScoped(t, s)

	b := newBrowser(t, s)
	b.login(user, pw)
	b.waitValue("#namespace", "team-a") // public is not readable: the picker moves
	if opts := b.textOf("#namespace"); strings.Contains(opts, "team-b") || strings.Contains(opts, "public") {
		t.Fatalf("the picker offers namespaces alice may not read: %q", opts)
	}
	if nav := b.textOf("nav"); strings.Contains(nav, "xDS") {
		t.Fatalf("the nav shows the admin-only xDS nodes: %q", nav)
	}
	noBanner(t, b, "overview")

	b.goTo("namespaces", nil)
	b.waitText("#namespaces", "TEAM-A")
	if txt := b.textOf("main"); strings.Contains(txt, "TEAM-B") || strings.Contains(txt, "Create namespace") {
		t.Fatalf("the namespaces page shows more than alice may do: %q", txt)
	}
	noBanner(t, b, "namespaces")

	scopedInstances(t, s, b)
	scopedConfig(t, s, b, user)

	// The CSE and ServiceComb pages check access per project: team-a's
	// is alice's, and each list loads (empty) without a refusal.
	for _, pg := range []struct{ path, empty string }{
		{"gateways", "No gateway yet."},
		{"governance", " yet."},
		{"microservices", "No microservice."},
	} {
		b.goTo(pg.path, nil)
		b.waitText("main", pg.empty)
		noBanner(t, b, pg.path)
	}

	b.goTo("nodes", nil)
	b.waitText("main", "No such page.")
}

// seedScoped registers a persistent instance of "orders" and publishes a
// config in team-a, and the same in team-b, which alice must not see.
func seedScoped(t *testing.T, s *server) {
	t.Helper()
	for _, ns := range []string{"team-a", "team-b"} {
		code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), nacosCreds(
			"namespaceId", ns, "serviceName", "orders-"+ns, "ip", "10.0.0.9", "port", "8080", "ephemeral", "false",
			"metadata", `{"zone":"a","old":"x"}`))
		if code != http.StatusOK {
			t.Fatalf("register in %s: %d %s", ns, code, body)
		}
		consoleV3(t, s, http.MethodPost, "/cs/config", nil, "namespaceId", ns,
			"dataId", "app-"+ns+".yaml", "groupName", "DEFAULT_GROUP", "content", "pool: 10", "type", "yaml")
	}
}

// noBanner fails when the page shows an error banner.
func noBanner(t *testing.T, b *browser, where string) {
	t.Helper()
	if msg := b.textOf("#banner"); msg != "" {
		b.screenshot("failed-banner-" + where)
		t.Fatalf("%s shows the banner %q", where, msg)
	}
}

func scopedInstances(t *testing.T, s *server, b *browser) {
	t.Helper()
	b.goTo("services", nil)
	b.waitText("#services", "orders-team-a")
	if txt := b.textOf("#services"); strings.Contains(txt, "orders-team-b") {
		t.Fatalf("team-b's service shows in team-a: %q", txt)
	}
	b.screenshot("scoped-services")
	noBanner(t, b, "services")

	b.goTo("service", url.Values{"group": {"DEFAULT_GROUP"}, "name": {"orders-team-a"}})
	row := `#instances tr[data-key="DEFAULT/10.0.0.9:8080"]`
	b.waitText(row, "enabled")
	b.clickButton(row, "Disable")
	b.waitText(row, "disabled")
	// The open list leaves disabled instances out; the page keeps it, so
	// that it can be enabled again: still there after the next poll (every
	// 2 s; nothing on the page says a poll ran, so wait one out).
	time.Sleep(2500 * time.Millisecond)
	b.waitText(row, "disabled")
	b.screenshot("scoped-instances")
	if got := teamAInstance(t, s); got.Enabled {
		t.Fatalf("after Disable the API answers %+v", got)
	}
	b.clickButton(row, "Enable")
	b.waitText(row, "enabled")
	if got := teamAInstance(t, s); !got.Enabled {
		t.Fatalf("after Enable the API answers %+v", got)
	}
	// An edit that drops a metadata key drops it (the v2 update alone
	// merges metadata).
	b.clickButton(row, "Edit")
	b.setValue(`.dialog input[name="weight"]`, "2")
	b.setValue(`.dialog textarea[name="metadata"]`, `{"zone": "b"}`)
	b.clickButton(".dialog", "Save")
	b.waitText(row, "zone=b")
	b.waitGone(row, "old=x")
	if got := teamAInstance(t, s); got.Weight != 2 || len(got.Metadata) != 1 || got.Metadata["zone"] != "b" {
		t.Fatalf("after the edit the API answers %+v", got)
	}
	noBanner(t, b, "service")
}

// teamAInstance answers team-a's instance as the admin API lists it.
func teamAInstance(t *testing.T, s *server) instance {
	t.Helper()
	var list []instance
	consoleV3(t, s, http.MethodGet, "/ns/instance/list", &list, "namespaceId", "team-a", "serviceName", "orders-team-a")
	if len(list) != 1 {
		t.Fatalf("team-a's instances: %+v", list)
	}
	return list[0]
}

func scopedConfig(t *testing.T, s *server, b *browser, user string) {
	t.Helper()
	b.goTo("configs", nil)
	b.waitText("#configs", "app-team-a.yaml")
	if txt := b.textOf("#configs"); strings.Contains(txt, "team-b") {
		t.Fatalf("team-b's config shows in team-a: %q", txt)
	}
	noBanner(t, b, "configs")

	b.goTo("config", url.Values{"group": {"DEFAULT_GROUP"}, "dataId": {"app-team-a.yaml"}})
	b.waitValue(`#config-form textarea[name="content"]`, "pool: 10")
	b.waitText("#history", "created")
	b.setValue(`#config-form textarea[name="content"]`, "pool: 20")
	b.click("#cfg-publish")
	b.waitText("#history", "updated")
	b.waitText("#history", user) // the write records who made it
	if txt := b.textOf("#history"); strings.Contains(txt, "Invalid Date") {
		t.Fatalf("the history has no dates: %q", txt)
	}
	b.screenshot("scoped-config")
	if txt := b.textOf("main"); strings.Contains(txt, "Beta release") {
		t.Fatalf("the config page shows the admin-only beta: %q", txt)
	}
	noBanner(t, b, "config")
	var cfg struct {
		Content string `json:"content"`
	}
	consoleV3(t, s, http.MethodGet, "/cs/config", &cfg, "namespaceId", "team-a", "dataId", "app-team-a.yaml", "groupName", "DEFAULT_GROUP")
	if cfg.Content != "pool: 20" {
		t.Fatalf("after publishing in the UI the content is %q", cfg.Content)
	}
}
