package ai

import (
	"net/http"
	"testing"
)

const agentMD = "---\nname: helper\ndescription: helps\nversion: 1.0.0\n---\n# helper\n"

// Every agent spec route's happy path: an upload is the only way in (the
// seed has no register), then the draft life cycle and the reads.
func TestAgentSpecRoutes(t *testing.T) {
	f := newFixture(t)
	var name, v, pipeline string
	var ok bool
	f.ok(t, multipartUpload(t, agentSpecPath+"/upload", zipOf(t, "AGENT.md", agentMD, "prompts/sys.md", "be nice"),
		"overwrite", "true"), &name)
	f.ok(t, form("PUT", agentSpecPath+"/draft", "agentSpecCard",
		`{"name":"helper","content":"# helper 1","resources":[{"name":"prompts/sys.md","type":"prompts","content":"be kind"}]}`,
		"setAsLatest", "true"), &ok)
	f.ok(t, form("POST", agentSpecPath+"/submit", "agentSpecName", "helper", "version", "1.0.0"), &pipeline)
	f.ok(t, form("POST", agentSpecPath+"/redraft", "agentSpecName", "helper", "version", "1.0.0"), &ok)
	f.ok(t, form("POST", agentSpecPath+"/submit", "agentSpecName", "helper"), &pipeline)
	f.ok(t, form("POST", agentSpecPath+"/publish", "agentSpecName", "helper", "version", "1.0.0", "updateLatestLabel", "true"), &ok)
	f.ok(t, form("POST", agentSpecPath+"/draft", "agentSpecName", "helper", "basedOnVersion", "1.0.0"), &v)
	if v != "1.0.1" {
		t.Fatalf("draft %q", v)
	}
	f.ok(t, form("DELETE", agentSpecPath+"/draft", "agentSpecName", "helper"), &ok)
	f.ok(t, form("POST", agentSpecPath+"/draft", "agentSpecName", "helper", "targetVersion", "2.0.0"), &v)
	f.ok(t, form("POST", agentSpecPath+"/force-publish", "agentSpecName", "helper", "version", "2.0.0", "updateLatestLabel", "false"), &ok)
	f.ok(t, form("PUT", agentSpecPath+"/labels", "agentSpecName", "helper", "labels", `{"latest":"2.0.0"}`), &ok)
	f.ok(t, form("PUT", agentSpecPath+"/biz-tags", "agentSpecName", "helper", "bizTags", `["ai"]`), &ok)
	f.ok(t, form("POST", agentSpecPath+"/online", "agentSpecName", "helper", "scope", "agentspec", "online", "false"), &ok)
	f.ok(t, form("POST", agentSpecPath+"/online", "agentSpecName", "helper", "scope", "version", "version", "1.0.0", "online", "false"), &ok)
	f.ok(t, form("PUT", agentSpecPath+"/scope", "agentSpecName", "helper", "scope", "private"), &ok)
	var detail struct{ Version string }
	f.ok(t, form("GET", agentSpecPath, "agentSpecName", "helper"), &detail)
	if detail.Version != "2.0.0" {
		t.Fatalf("detail %+v", detail)
	}
	var meta struct {
		Online bool
		Scope  string
	}
	f.ok(t, form("GET", agentSpecPath+"/admin", "agentSpecName", "helper"), &meta)
	if meta.Online || meta.Scope != "PRIVATE" {
		t.Fatalf("admin detail %+v", meta)
	}
	var ver struct {
		Online    bool
		Resources []struct{ Name, Type, Content string }
	}
	f.ok(t, form("GET", agentSpecPath+"/version", "agentSpecName", "helper", "version", "1.0.0"), &ver)
	if ver.Online || len(ver.Resources) != 1 || ver.Resources[0].Content != "be kind" {
		t.Fatalf("version %+v", ver)
	}
	ver.Resources = nil
	f.ok(t, form("GET", agentSpecPath+"/version/meta", "agentSpecName", "helper", "version", "1.0.0"), &ver)
	if len(ver.Resources) != 1 || ver.Resources[0].Content != "" || ver.Resources[0].Type != "prompts" {
		t.Fatalf("version meta %+v", ver)
	}
	var basic struct {
		TotalCount int
		PageItems  []map[string]any
	}
	f.ok(t, form("GET", agentSpecPath+"/list", "agentSpecName", "help", "search", "blur"), &basic)
	if basic.TotalCount != 1 || basic.PageItems[0]["scope"] != nil {
		t.Fatalf("basic list %+v", basic)
	}
	f.ok(t, form("GET", agentSpecPath+"/admin/list", "scope", "PRIVATE", "pageNo", "1", "pageSize", "5"), &basic)
	if basic.TotalCount != 1 || basic.PageItems[0]["scope"] != "PRIVATE" {
		t.Fatalf("admin list %+v", basic)
	}
	f.ok(t, form("DELETE", agentSpecPath, "agentSpecName", "helper"), &ok)
	if code, _ := f.do(t, form("GET", agentSpecPath+"/admin", "agentSpecName", "helper")); code != http.StatusNotFound {
		t.Fatalf("admin detail after delete: %d", code)
	}
}

// The agent spec routes take their own parameter names and manifest.
func TestAgentSpecRoutesRefuse(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name   string
		req    *http.Request
		status int
		code   int
	}{
		{"skill name param", form("GET", agentSpecPath, "skillName", "x"), 400, 10000},
		{"draft of nothing", form("POST", agentSpecPath+"/draft", "agentSpecName", "x"), 404, 20004},
		{"skill manifest", multipartUpload(t, agentSpecPath+"/upload", zipOf(t, "SKILL.md", agentMD)), 400, 20002},
		{"no batch route", multipartUpload(t, agentSpecPath+"/upload/batch", zipOf(t, "a/AGENT.md", agentMD)), 404, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code == 0 {
				w := newRecorder(f, tc.req)
				if w != tc.status {
					t.Fatalf("got %d, want %d", w, tc.status)
				}
				return
			}
			status, env := f.do(t, tc.req)
			if status != tc.status || env.Code != tc.code {
				t.Fatalf("got %d/%d (%s), want %d/%d", status, env.Code, env.Data, tc.status, tc.code)
			}
			if f.keys(t) != "" {
				t.Fatalf("written: %s", f.keys(t))
			}
		})
	}
}
