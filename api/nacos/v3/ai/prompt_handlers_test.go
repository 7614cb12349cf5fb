package ai

import (
	"net/http"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// Every route's happy path, through the life cycle, in the v3 envelope.
func TestPromptRoutesLifeCycle(t *testing.T) {
	f := newPromptFixture(t)
	k := vals("promptKey", "greet")
	with := func(kv ...string) map[string][]string {
		v := vals(kv...)
		v.Set("promptKey", "greet")
		return v
	}
	if v := f.ok("POST", "/prompt/draft", with("template", "Hello {{name}}", "variables", `{"name":"string"}`,
		"description", "first", "bizTags", `["ai"]`)); v != "1.0.0" {
		t.Fatalf("draft version %v", v)
	}
	f.ok("PUT", "/prompt/draft", with("template", "  Hi {{name}}\n", "commitMsg", "spacing kept"))
	if v := f.ok("POST", "/prompt/submit", k); v != "1.0.0" {
		t.Fatalf("submitted %v", v)
	}
	if v := f.ok("POST", "/prompt/redraft", with("version", "1.0.0")); v != true {
		t.Fatalf("redraft %v", v)
	}
	f.ok("POST", "/prompt/submit", with("version", "1.0.0"))
	f.ok("POST", "/prompt/publish", with("version", "1.0.0", "updateLatestLabel", "true"))
	info := f.ok("GET", "/prompt/version", k).(map[string]any)
	if info["version"] != "1.0.0" || info["template"] != "  Hi {{name}}\n" || info["status"] != "published" ||
		info["online"] != true || info["description"] != "first" {
		t.Fatalf("latest %v", info)
	}
	f.ok("POST", "/prompt/draft", with("basedOnVersion", "1.0.0", "targetVersion", "1.1.0-rc"))
	f.ok("POST", "/prompt/force-publish", with("version", "1.1.0-rc"))
	if v := f.ok("POST", "/prompt/label", with("label", "stable", "version", "1.1.0-rc")); v != true {
		t.Fatalf("bind %v", v)
	}
	if got := f.ok("GET", "/prompt/version", with("label", "stable")).(map[string]any); got["version"] != "1.1.0-rc" {
		t.Fatalf("by label: %v", got)
	}
	f.ok("DELETE", "/prompt/label", with("label", "stable"))
	f.ok("PUT", "/prompt/labels", with("labels", `{"latest":"1.1.0-rc","old":"1.0.0"}`))
	f.ok("POST", "/prompt/offline", with("version", "1.0.0"))
	f.ok("POST", "/prompt/online", with("version", "1.0.0"))
	f.ok("PUT", "/prompt/description", with("description", "second"))
	f.ok("PUT", "/prompt/biz-tags", with("bizTags", `["ai","ops"]`))
	f.ok("PUT", "/prompt", with("description", "third", "bizTags", "ai,ops,x"))
	f.ok("POST", "/prompt", with("version", "2.0.0", "template", "v2", "commitMsg", "one step"))
	meta := f.ok("GET", "/prompt", k).(map[string]any)
	if meta["latestVersion"] != "2.0.0" || meta["description"] != "third" || len(meta["bizTags"].([]any)) != 3 ||
		meta["versionCount"] != float64(3) || meta["versions"] != nil {
		t.Fatalf("meta %v", meta)
	}
	gov := f.ok("GET", "/prompt/governance", k).(map[string]any)
	vs := gov["versions"].([]any)
	if len(vs) != 3 || vs[0].(map[string]any)["version"] != "2.0.0" || vs[2].(map[string]any)["labels"].([]any)[0] != "old" {
		t.Fatalf("governance versions %v", vs)
	}
	page := f.ok("GET", "/prompt/versions", with("pageNo", "2", "pageSize", "2")).(map[string]any)
	if page["totalCount"] != float64(3) || page["pagesAvailable"] != float64(2) || len(page["pageItems"].([]any)) != 1 {
		t.Fatalf("versions page %v", page)
	}
	list := f.ok("GET", "/prompt/list", vals("promptKey", "gre", "search", "blur", "bizTags", "ops")).(map[string]any)
	if list["totalCount"] != float64(1) || list["pageItems"].([]any)[0].(map[string]any)["promptKey"] != "greet" {
		t.Fatalf("list %v", list)
	}
	f.ok("POST", "/prompt/draft", with("template", "d"))
	f.ok("DELETE", "/prompt/draft", k)
	if v := f.ok("DELETE", "/prompt", k); v != true {
		t.Fatalf("delete %v", v)
	}
	if code, _ := f.do("GET", "/prompt", k); code != http.StatusNotFound {
		t.Fatalf("after delete: %d", code)
	}
}

// Bad input on every route: the status, Nacos's code, and nothing
// written.
func TestPromptRoutesBadInput(t *testing.T) {
	f := newPromptFixture(t)
	f.ok("POST", "/prompt", vals("promptKey", "p", "version", "1.0.0", "template", "t"))
	f.ok("POST", "/prompt/draft", vals("promptKey", "p", "template", "draft"))
	big := strings.Repeat("x", 512<<10+1)
	cases := []struct {
		name, method, path string
		params             map[string][]string
		status, code       int
	}{
		{"list: bad page", "GET", "/prompt/list", vals("pageNo", "0"), 400, 20002},
		{"list: page not a number", "GET", "/prompt/list", vals("pageSize", "x"), 400, 20002},
		{"list: huge page", "GET", "/prompt/list", vals("pageSize", "501"), 400, 20002},
		{"list: bad search", "GET", "/prompt/list", vals("search", "fuzzy"), 400, 20002},
		{"list: bad tags", "GET", "/prompt/list", vals("bizTags", `["a",`), 400, 20002},
		{"list: bad namespace", "GET", "/prompt/list", vals("namespaceId", "a/b"), 400, 22000},
		{"meta: no key", "GET", "/prompt", vals(), 400, 10000},
		{"meta: bad key", "GET", "/prompt", vals("promptKey", "a/b"), 400, 20002},
		{"meta: unknown", "GET", "/prompt", vals("promptKey", "nope"), 404, 20004},
		{"meta: other namespace", "GET", "/prompt", vals("promptKey", "p", "namespaceId", "dev"), 404, 20004},
		{"version: unknown", "GET", "/prompt/version", vals("promptKey", "p", "version", "9"), 404, 20004},
		{"version: bad", "GET", "/prompt/version", vals("promptKey", "p", "version", "a b"), 400, 20002},
		{"version: no label", "GET", "/prompt/version", vals("promptKey", "p", "label", "nope"), 404, 20004},
		{"versions: no key", "GET", "/prompt/versions", vals(), 400, 10000},
		{"governance: unknown", "GET", "/prompt/governance", vals("promptKey", "nope"), 404, 20004},
		{"bind: no label", "POST", "/prompt/label", vals("promptKey", "p", "version", "1.0.0"), 400, 10000},
		{"bind: no version", "POST", "/prompt/label", vals("promptKey", "p", "label", "x"), 400, 10000},
		{"bind: a draft", "POST", "/prompt/label", vals("promptKey", "p", "label", "x", "version", "1.0.1"), 409, 20005},
		{"bind: bad label", "POST", "/prompt/label", vals("promptKey", "p", "label", "a b", "version", "1.0.0"), 400, 20002},
		{"unbind: unknown", "DELETE", "/prompt/label", vals("promptKey", "p", "label", "x"), 404, 20004},
		{"publish: no template", "POST", "/prompt", vals("promptKey", "p", "version", "2"), 400, 10000},
		{"publish: blank template", "POST", "/prompt", vals("promptKey", "p", "version", "2", "template", " "), 400, 10000},
		{"publish: no version", "POST", "/prompt", vals("promptKey", "p", "template", "t"), 400, 10000},
		{"publish: old version", "POST", "/prompt", vals("promptKey", "p", "version", "0.9", "template", "t"), 409, 20005},
		{"publish: huge template", "POST", "/prompt", vals("promptKey", "p", "version", "3", "template", big), 400, 20002},
		{"publish: bad variables", "POST", "/prompt", vals("promptKey", "p", "version", "3", "template", "t", "variables", "{x"), 400, 20002},
		{"publish: bad tags", "POST", "/prompt", vals("promptKey", "p", "version", "3", "template", "t", "bizTags", `[1]`), 400, 20002},
		{"delete: unknown", "DELETE", "/prompt", vals("promptKey", "nope"), 404, 20004},
		{"meta update: no description", "PUT", "/prompt", vals("promptKey", "p"), 400, 10000},
		{"draft: second", "POST", "/prompt/draft", vals("promptKey", "p", "template", "t"), 409, 20005},
		{"draft: no template", "POST", "/prompt/draft", vals("promptKey", "q"), 400, 10000},
		{"draft: bad target", "POST", "/prompt/draft", vals("promptKey", "q", "template", "t", "targetVersion", "/"), 400, 20002},
		{"draft update: no template", "PUT", "/prompt/draft", vals("promptKey", "p"), 400, 10000},
		{"draft update: no draft", "PUT", "/prompt/draft", vals("promptKey", "nope", "template", "t"), 404, 20004},
		{"draft delete: unknown", "DELETE", "/prompt/draft", vals("promptKey", "nope"), 404, 20004},
		{"submit: published", "POST", "/prompt/submit", vals("promptKey", "p", "version", "1.0.0"), 409, 20005},
		{"publish: unreviewed", "POST", "/prompt/publish", vals("promptKey", "p", "version", "1.0.1"), 409, 20005},
		{"publish: no version", "POST", "/prompt/publish", vals("promptKey", "p"), 400, 10000},
		{"publish: bad flag", "POST", "/prompt/publish", vals("promptKey", "p", "version", "1.0.1", "updateLatestLabel", "yes"), 400, 20002},
		{"force: published", "POST", "/prompt/force-publish", vals("promptKey", "p", "version", "1.0.0"), 409, 20005},
		{"redraft: a draft", "POST", "/prompt/redraft", vals("promptKey", "p", "version", "1.0.1"), 409, 20005},
		{"redraft: no version", "POST", "/prompt/redraft", vals("promptKey", "p"), 400, 10000},
		{"online: a draft", "POST", "/prompt/online", vals("promptKey", "p", "version", "1.0.1"), 409, 20005},
		{"offline: unknown", "POST", "/prompt/offline", vals("promptKey", "p", "version", "7"), 404, 20004},
		{"labels: not JSON", "PUT", "/prompt/labels", vals("promptKey", "p", "labels", "latest=1"), 400, 20002},
		{"labels: on a draft", "PUT", "/prompt/labels", vals("promptKey", "p", "labels", `{"latest":"1.0.1"}`), 409, 20005},
		{"labels: missing", "PUT", "/prompt/labels", vals("promptKey", "p"), 400, 10000},
		{"description: missing", "PUT", "/prompt/description", vals("promptKey", "p"), 400, 10000},
		{"description: too long", "PUT", "/prompt/description", vals("promptKey", "p", "description", strings.Repeat("é", 4097)), 400, 20002},
		{"biz tags: missing", "PUT", "/prompt/biz-tags", vals("promptKey", "p"), 400, 10000},
		{"biz tags: too many", "PUT", "/prompt/biz-tags", vals("promptKey", "p", "bizTags", strings.Repeat("t,", 40)+manyTags(40)), 400, 20002},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := enginetest.State(t, f.st)
			code, env := f.do(tc.method, tc.path, tc.params)
			if code != tc.status || env["code"] != float64(tc.code) {
				t.Fatalf("%d %v, want %d code %d", code, env, tc.status, tc.code)
			}
			if after := enginetest.State(t, f.st); after != before {
				t.Fatal("a refused call wrote")
			}
		})
	}
}

func manyTags(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("t")
		b.WriteString(strings.Repeat("x", i))
		b.WriteString(",")
	}
	return b.String()
}
