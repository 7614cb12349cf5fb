package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// promptCall sends one prompt admin call as an HTTP client of the seed's
// §8 would: parameters in the query for GET and DELETE, as a form for
// POST and PUT, the access token beside them. It answers the status and
// the v3 envelope.
func promptCall(t *testing.T, s *server, token, method, path string, kv ...string) (int, map[string]any) {
	t.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if token != "" {
		v.Set("accessToken", token)
	}
	target := s.url("/nacos/v3/admin/ai/prompt" + path)
	var code int
	var body string
	if method == http.MethodGet || method == http.MethodDelete {
		code, body = call(t, method, target+"?"+v.Encode(), nil)
	} else {
		code, body = call(t, method, target, v)
	}
	var env map[string]any
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatalf("%s %s: %d %q is not JSON", method, path, code, body)
	}
	return code, env
}

// The prompt calls of seed 003 §8 over HTTP against the real binary with
// auth on: admin-only, and every route through the draft → submit →
// publish life cycle. No Maven SDK has these calls (3.1.0 is the newest
// served here), so the test speaks the seed's parameters itself.
func TestNacosAIPromptsOverHTTP(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	admin := login(t, s, adminPassword)

	// Admin-only: no token, and a user who is not an admin, are refused.
	if code, env := promptCall(t, s, "", http.MethodGet, "/list"); code != http.StatusForbidden {
		t.Fatalf("list without a token: %d %v", code, env)
	}
	v := url.Values{"accessToken": {admin}, "username": {"bob"}, "password": {"Bob-pw-123"}}
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/auth/users"), v); code != http.StatusOK {
		t.Fatalf("create bob: %d %s", code, body)
	}
	bob := loginAs(t, s, "bob", "Bob-pw-123")
	if code, env := promptCall(t, s, bob, http.MethodPost, "/draft", "promptKey", "x", "template", "t"); code != http.StatusForbidden {
		t.Fatalf("draft as a non-admin: %d %v", code, env)
	}

	ok := func(method, path string, kv ...string) any {
		t.Helper()
		code, env := promptCall(t, s, admin, method, path, kv...)
		if code != http.StatusOK || env["code"] != float64(0) {
			t.Fatalf("%s %s %v: %d %v", method, path, kv, code, env)
		}
		return env["data"]
	}
	ns, key := "public", "my-prompt"
	// §8.12 createDraft ("1.0.0" is answered as no version exists yet).
	if got := ok("POST", "/draft", "namespaceId", ns, "promptKey", key, "template", "Hello {{name}}",
		"variables", `{"name":"string"}`, "commitMsg", "init", "description", "desc", "bizTags", `["ai"]`); got != "1.0.0" {
		t.Fatalf("createDraft answered %v", got)
	}
	ok("PUT", "/draft", "namespaceId", ns, "promptKey", key, "template", "Hello {{name}}!",
		"variables", `{"name":"string"}`, "commitMsg", "update template") // §8.13
	if got := ok("POST", "/submit", "namespaceId", ns, "promptKey", key, "version", "1.0.0"); got != "1.0.0" { // §8.15
		t.Fatalf("submit answered %v", got)
	}
	// Under review a version is not editable; publish moves latest.
	if code, env := promptCall(t, s, admin, "PUT", "/draft", "promptKey", key, "template", "x"); code != 409 || env["code"] != float64(20005) {
		t.Fatalf("edit under review: %d %v", code, env)
	}
	ok("POST", "/redraft", "namespaceId", ns, "promptKey", key, "version", "1.0.0")                              // §8.18
	ok("POST", "/submit", "namespaceId", ns, "promptKey", key)                                                   // §8.15, the current draft
	ok("POST", "/publish", "namespaceId", ns, "promptKey", key, "version", "1.0.0", "updateLatestLabel", "true") // §8.16
	detail := ok("GET", "/version", "namespaceId", ns, "promptKey", key, "version", "1.0.0").(map[string]any)    // §8.11
	if detail["template"] != "Hello {{name}}!" || detail["status"] != "published" || detail["online"] != true {
		t.Fatalf("version detail %v", detail)
	}
	// A published version is immutable.
	if code, env := promptCall(t, s, admin, "POST", "/redraft", "promptKey", key, "version", "1.0.0"); code != 409 || env["code"] != float64(20005) {
		t.Fatalf("redraft a published version: %d %v", code, env)
	}
	ok("POST", "/draft", "namespaceId", ns, "promptKey", key, "basedOnVersion", "1.0.0", "targetVersion", "1.0.1-draft",
		"template", "Hi {{name}}", "commitMsg", "update prompt") // §8.12 as the seed's example
	ok("POST", "/force-publish", "namespaceId", ns, "promptKey", key, "version", "1.0.1-draft", "updateLatestLabel", "false")                   // §8.17
	ok("POST", "/label", "namespaceId", ns, "promptKey", key, "label", "stable", "version", "1.0.1-draft")                                      // §8.4
	if got := ok("GET", "/version", "namespaceId", ns, "promptKey", key, "label", "stable").(map[string]any); got["version"] != "1.0.1-draft" { // §8.3
		t.Fatalf("by label: %v", got)
	}
	if got := ok("GET", "/version", "namespaceId", ns, "promptKey", key).(map[string]any); got["version"] != "1.0.0" {
		t.Fatalf("latest moved without updateLatestLabel: %v", got)
	}
	ok("DELETE", "/label", "namespaceId", ns, "promptKey", key, "label", "stable")                          // §8.5
	ok("PUT", "/labels", "namespaceId", ns, "promptKey", key, "labels", `{"latest":"1.0.1-draft"}`)         // §8.20
	ok("POST", "/offline", "namespaceId", ns, "promptKey", key, "version", "1.0.0")                         // §8.19
	ok("POST", "/online", "namespaceId", ns, "promptKey", key, "version", "1.0.0")                          // §8.19
	ok("PUT", "/description", "namespaceId", ns, "promptKey", key, "description", "new desc")               // §8.21
	ok("PUT", "/biz-tags", "namespaceId", ns, "promptKey", key, "bizTags", `["ai","ops"]`)                  // §8.22
	ok("PUT", "", "namespaceId", ns, "promptKey", key, "description", "newer desc", "bizTags", "tag1,tag2") // §8.9
	ok("POST", "", "namespaceId", ns, "promptKey", key, "version", "1.1.0", "template", "Hello {{name}}",
		"commitMsg", "init", "description", "desc", "variables", `{"name":"string"}`) // §8.6
	meta := ok("GET", "", "namespaceId", ns, "promptKey", key).(map[string]any) // §8.2
	if meta["latestVersion"] != "1.1.0" || meta["description"] != "desc" || meta["versionCount"] != float64(3) {
		t.Fatalf("meta %v", meta)
	}
	gov := ok("GET", "/governance", "namespaceId", ns, "promptKey", key).(map[string]any) // §8.10
	if vs := gov["versions"].([]any); len(vs) != 3 || vs[0].(map[string]any)["version"] != "1.1.0" {
		t.Fatalf("governance %v", gov)
	}
	page := ok("GET", "/versions", "namespaceId", ns, "promptKey", key, "pageNo", "1", "pageSize", "2").(map[string]any) // §8.8
	if page["totalCount"] != float64(3) || len(page["pageItems"].([]any)) != 2 {
		t.Fatalf("versions page %v", page)
	}
	list := ok("GET", "/list", "namespaceId", ns, "promptKey", "my-", "search", "blur", "bizTags", "tag1", "pageNo", "1", "pageSize", "100").(map[string]any) // §8.1
	if list["totalCount"] != float64(1) {
		t.Fatalf("list %v", list)
	}
	ok("POST", "/draft", "namespaceId", ns, "promptKey", key, "template", "scratch") // §8.12, 1.1.1
	ok("DELETE", "/draft", "namespaceId", ns, "promptKey", key)                      // §8.14
	if got := ok("DELETE", "", "namespaceId", ns, "promptKey", key); got != true {   // §8.7
		t.Fatalf("delete answered %v", got)
	}
	if code, env := promptCall(t, s, admin, "GET", "", "promptKey", key); code != http.StatusNotFound || env["code"] != float64(20004) {
		t.Fatalf("after delete: %d %v", code, env)
	}
	if strings.Contains(s.out.String(), "panic") {
		t.Fatal("the server panicked")
	}
}
