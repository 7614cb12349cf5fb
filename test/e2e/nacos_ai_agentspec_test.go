package e2e

import (
	"net/http"
	"net/url"
	"testing"
)

// Every agent spec call of seed 003 §10 over HTTP against the real binary
// with auth on: the upload of a real zip, the draft life cycle, labels,
// biz tags, online, scope, every read and the delete.
func TestNacosAIAgentSpecs(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	base := s.url("/nacos/v3/admin/ai/agentspecs")
	req := func(method, path string, kv ...string) (int, string) {
		t.Helper()
		form := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			form.Set(kv[i], kv[i+1])
		}
		return authedCall(t, token, method, base+path, form)
	}
	const n = "agentSpecName"
	var name, version, pipeline string
	var ok bool
	code, body := uploadZip(t, token, base+"/upload",
		skillZip(t, "AGENT.md", "---\nname: helper\nversion: 1.0.0\n---\n# helper", "prompts/system.md", "be brief"),
		url.Values{"overwrite": {"true"}})
	v3Data(t, "upload (10.7)", code, body, &name)
	code, body = req("PUT", "/draft", "agentSpecCard",
		`{"name":"helper","content":"# helper 1","resources":[{"name":"prompts/system.md","type":"prompts","content":"be kind"}]}`,
		"setAsLatest", "true")
	v3Data(t, "update draft (10.9)", code, body, &ok)
	code, body = req("POST", "/submit", n, name, "version", "1.0.0")
	v3Data(t, "submit (10.11)", code, body, &pipeline)
	code, body = req("POST", "/redraft", n, name, "version", "1.0.0")
	v3Data(t, "redraft (10.19)", code, body, &ok)
	code, body = req("POST", "/submit", n, name)
	v3Data(t, "submit the current draft", code, body, &pipeline)
	code, body = req("POST", "/publish", n, name, "version", "1.0.0", "updateLatestLabel", "true")
	v3Data(t, "publish (10.12)", code, body, &ok)
	code, body = req("POST", "/draft", n, name, "basedOnVersion", "1.0.0")
	v3Data(t, "create draft (10.8)", code, body, &version)
	code, body = req("DELETE", "/draft", n, name)
	v3Data(t, "delete draft (10.10)", code, body, &ok)
	code, body = req("POST", "/draft", n, name, "basedOnVersion", "1.0.0", "targetVersion", "2.0.0")
	v3Data(t, "create draft with a target", code, body, &version)
	code, body = req("POST", "/force-publish", n, name, "version", "2.0.0", "updateLatestLabel", "false")
	v3Data(t, "force publish (10.13)", code, body, &ok)
	code, body = req("PUT", "/labels", n, name, "labels", `{"latest":"2.0.0"}`)
	v3Data(t, "labels (10.14)", code, body, &ok)
	code, body = req("PUT", "/biz-tags", n, name, "bizTags", `["ai","ops"]`)
	v3Data(t, "biz tags (10.15)", code, body, &ok)
	code, body = req("POST", "/online", n, name, "scope", "agentspec", "online", "true")
	v3Data(t, "online (10.16)", code, body, &ok)
	code, body = req("POST", "/online", n, name, "scope", "version", "version", "1.0.0", "online", "false")
	v3Data(t, "version offline (10.16)", code, body, &ok)
	code, body = req("PUT", "/scope", n, name, "scope", "PUBLIC")
	v3Data(t, "scope (10.17)", code, body, &ok)

	var detail struct{ Version string }
	code, body = req("GET", "", n, name)
	v3Data(t, "detail (10.1)", code, body, &detail)
	var admin struct{ LatestVersion, Scope string }
	code, body = req("GET", "/admin", n, name)
	v3Data(t, "admin detail (10.2)", code, body, &admin)
	var ver struct {
		Online    bool
		Resources []struct{ Name, Content string }
	}
	code, body = req("GET", "/version", n, name, "version", "1.0.0")
	v3Data(t, "version detail (10.3)", code, body, &ver)
	var vmeta struct {
		Resources []struct{ Name, Content string }
	}
	code, body = req("GET", "/version/meta", n, name, "version", "1.0.0")
	v3Data(t, "version meta (10.18)", code, body, &vmeta)
	if detail.Version != "2.0.0" || admin.LatestVersion != "2.0.0" || admin.Scope != "PUBLIC" || ver.Online ||
		len(ver.Resources) != 1 || ver.Resources[0].Content != "be kind" || len(vmeta.Resources) != 1 || vmeta.Resources[0].Content != "" {
		t.Fatalf("reads: %+v %+v %+v %+v", detail, admin, ver, vmeta)
	}
	var page struct{ TotalCount int }
	code, body = req("GET", "/list", n, "help", "search", "blur", "pageNo", "1", "pageSize", "10")
	v3Data(t, "list (10.5)", code, body, &page)
	if page.TotalCount != 1 {
		t.Fatalf("list: %s", body)
	}
	code, body = req("GET", "/admin/list", n, "helper", "search", "accurate", "scope", "PUBLIC", "pageNo", "1", "pageSize", "10")
	v3Data(t, "admin list (10.6)", code, body, &page)
	if page.TotalCount != 1 {
		t.Fatalf("admin list: %s", body)
	}
	code, body = req("DELETE", "", n, name)
	v3Data(t, "delete (10.4)", code, body, &ok)
	if code, body = req("GET", "/admin", n, name); code != http.StatusNotFound {
		t.Fatalf("admin detail after delete: %d %s", code, body)
	}
}
