package ai

import (
	"net/http"
	"testing"
)

const skillMD = "---\nname: pdf\ndescription: reads pdfs\n---\n# pdf\n"

// Every skill route's happy path, in the order a user would take them.
func TestSkillRoutes(t *testing.T) {
	f := newFixture(t)
	var name string
	f.ok(t, form("POST", skillPath, "skillCard", `{"name":"web","content":"# web"}`), &name)
	if name != "web" {
		t.Fatalf("register answered %q", name)
	}
	var ok bool
	f.ok(t, form("PUT", skillPath, "skillCard", `{"name":"web","content":"# web 2"}`), &ok)
	var detail struct{ Version, Content, Status string }
	f.ok(t, form("GET", skillPath, "skillName", "web"), &detail)
	if detail.Version != "1.0.1" || detail.Content != "# web 2" || detail.Status != "published" {
		t.Fatalf("detail: %+v", detail)
	}
	f.ok(t, multipartUpload(t, skillPath+"/upload", zipOf(t, "pdf/SKILL.md", skillMD, "pdf/scripts/a.sh", "x"),
		"namespaceId", "public", "targetVersion", "0.1.0", "commitMsg", "first"), &name)
	if name != "pdf" {
		t.Fatalf("upload answered %q", name)
	}
	var pipeline string
	f.ok(t, form("POST", skillPath+"/submit", "skillName", "pdf"), &pipeline)
	f.ok(t, form("POST", skillPath+"/redraft", "skillName", "pdf", "version", "0.1.0"), &ok)
	f.ok(t, form("PUT", skillPath+"/draft", "skillCard", `{"name":"pdf","content":"# pdf edited"}`, "setAsLatest", "true"), &ok)
	f.ok(t, form("POST", skillPath+"/submit", "skillName", "pdf", "version", "0.1.0"), &pipeline)
	f.ok(t, form("POST", skillPath+"/publish", "skillName", "pdf", "version", "0.1.0"), &ok)
	var v string
	f.ok(t, form("POST", skillPath+"/draft", "skillName", "pdf", "basedOnVersion", "0.1.0", "targetVersion", "0.2.0"), &v)
	if v != "0.2.0" {
		t.Fatalf("draft %q", v)
	}
	f.ok(t, form("DELETE", skillPath+"/draft", "skillName", "pdf"), &ok)
	f.ok(t, form("POST", skillPath+"/draft", "skillCard", `{"name":"pdf","version":"0.3.0","content":"# 3"}`), &v)
	f.ok(t, form("POST", skillPath+"/force-publish", "skillName", "pdf", "version", "0.3.0", "updateLatestLabel", "false"), &ok)
	f.ok(t, form("PUT", skillPath+"/labels", "skillName", "pdf", "labels", `{"latest":"0.3.0","stable":"0.1.0"}`), &ok)
	f.ok(t, form("PUT", skillPath+"/biz-tags", "skillName", "pdf", "bizTags", `["ai","ops"]`), &ok)
	f.ok(t, form("POST", skillPath+"/online", "skillName", "pdf", "scope", "version", "version", "0.1.0", "online", "false"), &ok)
	f.ok(t, form("POST", skillPath+"/online", "skillName", "pdf", "scope", "skill", "online", "true"), &ok)
	f.ok(t, form("PUT", skillPath+"/scope", "skillName", "pdf", "scope", "PUBLIC"), &ok)
	var meta struct {
		LatestVersion string
		Scope         string
		BizTags       []string
		Versions      []struct{ Version, Status string }
	}
	f.ok(t, form("GET", skillPath+"/meta", "skillName", "pdf"), &meta)
	if meta.LatestVersion != "0.3.0" || meta.Scope != "PUBLIC" || len(meta.BizTags) != 2 || len(meta.Versions) != 2 {
		t.Fatalf("meta: %+v", meta)
	}
	var ver struct {
		Content   string
		Resources []struct{ Name, Type string }
	}
	f.ok(t, form("GET", skillPath+"/version", "skillName", "pdf", "version", "0.1.0"), &ver)
	if ver.Content != "# pdf edited" || len(ver.Resources) != 0 {
		t.Fatalf("0.1.0: %+v", ver)
	}
	var page struct {
		TotalCount int
		PageItems  []struct{ Name string }
	}
	f.ok(t, form("GET", skillPath+"/list", "skillName", "p", "search", "blur", "bizTag", "ops", "pageNo", "1", "pageSize", "10"), &page)
	if page.TotalCount != 1 || page.PageItems[0].Name != "pdf" {
		t.Fatalf("list: %+v", page)
	}
	var batch struct {
		Succeeded []string
		Failed    []struct{ Name, Reason string }
	}
	f.ok(t, multipartUpload(t, skillPath+"/upload/batch", zipOf(t, "a/SKILL.md", "# a", "b/README.md", "no manifest"),
		"overwrite", "true"), &batch)
	if len(batch.Succeeded) != 1 || batch.Succeeded[0] != "a" || len(batch.Failed) != 1 || batch.Failed[0].Name != "b" {
		t.Fatalf("batch: %+v", batch)
	}
	f.ok(t, form("DELETE", skillPath, "skillName", "pdf"), &ok)
	if code, _ := f.do(t, form("GET", skillPath, "skillName", "pdf")); code != http.StatusNotFound {
		t.Fatalf("detail after delete: %d", code)
	}
}

// Bad inputs answer their status and Nacos code and write nothing.
func TestSkillRoutesRefuse(t *testing.T) {
	f := newFixture(t)
	f.ok(t, form("POST", skillPath, "skillCard", `{"name":"s"}`), nil)
	before := f.keys(t)
	cases := []struct {
		name   string
		req    *http.Request
		status int
		code   int
	}{
		{"register no card", form("POST", skillPath), 400, 10000},
		{"register bad json", form("POST", skillPath, "skillCard", "{"), 400, 20002},
		{"register exists", form("POST", skillPath, "skillCard", `{"name":"s"}`), 409, 20005},
		{"register bad name", form("POST", skillPath, "skillCard", `{"name":"a/b"}`), 400, 20002},
		{"register bad namespace", form("POST", skillPath, "namespaceId", "../x", "skillCard", `{"name":"x"}`), 400, 22000},
		{"update missing", form("PUT", skillPath, "skillCard", `{"name":"nope"}`), 404, 20004},
		{"detail no name", form("GET", skillPath), 400, 10000},
		{"detail missing", form("GET", skillPath, "skillName", "nope"), 404, 20004},
		{"meta missing", form("GET", skillPath+"/meta", "skillName", "nope"), 404, 20004},
		{"version no version", form("GET", skillPath+"/version", "skillName", "s"), 400, 10000},
		{"version missing", form("GET", skillPath+"/version", "skillName", "s", "version", "9.9.9"), 404, 20004},
		{"list bad page", form("GET", skillPath+"/list", "pageNo", "x"), 400, 20002},
		{"list bad search", form("GET", skillPath+"/list", "search", "fuzzy"), 400, 20002},
		{"delete missing", form("DELETE", skillPath, "skillName", "nope"), 404, 20004},
		{"draft nothing", form("POST", skillPath+"/draft"), 400, 10000},
		{"draft card names other", form("POST", skillPath+"/draft", "skillName", "s", "skillCard", `{"name":"t"}`), 400, 20002},
		{"draft bad target", form("POST", skillPath+"/draft", "skillName", "s", "targetVersion", "a b"), 400, 20002},
		{"update draft none", form("PUT", skillPath+"/draft", "skillCard", `{"name":"s"}`), 409, 20005},
		{"update draft bad latest", form("PUT", skillPath+"/draft", "skillCard", `{"name":"s"}`, "setAsLatest", "yes"), 400, 20002},
		{"delete draft none", form("DELETE", skillPath+"/draft", "skillName", "s"), 409, 20005},
		{"submit none", form("POST", skillPath+"/submit", "skillName", "s"), 409, 20005},
		{"publish no version", form("POST", skillPath+"/publish", "skillName", "s"), 400, 10000},
		{"publish published", form("POST", skillPath+"/force-publish", "skillName", "s", "version", "1.0.0"), 409, 20005},
		{"redraft published", form("POST", skillPath+"/redraft", "skillName", "s", "version", "1.0.0"), 409, 20005},
		{"labels bad json", form("PUT", skillPath+"/labels", "skillName", "s", "labels", `["x"]`), 400, 20002},
		{"labels unpublished", form("PUT", skillPath+"/labels", "skillName", "s", "labels", `{"latest":"2.0.0"}`), 400, 20002},
		{"biz tags bad json", form("PUT", skillPath+"/biz-tags", "skillName", "s", "bizTags", `{"a":1}`), 400, 20002},
		{"online no flag", form("POST", skillPath+"/online", "skillName", "s", "scope", "skill"), 400, 10000},
		{"online bad flag", form("POST", skillPath+"/online", "skillName", "s", "scope", "skill", "online", "maybe"), 400, 20002},
		{"online no version", form("POST", skillPath+"/online", "skillName", "s", "scope", "version", "online", "true"), 400, 20002},
		{"scope bad", form("PUT", skillPath+"/scope", "skillName", "s", "scope", "WORLD"), 400, 20002},
		{"upload not multipart", form("POST", skillPath+"/upload", "file", "x"), 400, 20002},
		{"upload no file", multipartUpload(t, skillPath+"/upload", nil), 400, 10000},
		{"upload not a zip", multipartUpload(t, skillPath+"/upload", []byte("nope")), 400, 20002},
		{"upload escape", multipartUpload(t, skillPath+"/upload", zipOf(t, "SKILL.md", skillMD, "../x", "y")), 400, 20002},
		{"upload a published version", multipartUpload(t, skillPath+"/upload", zipOf(t, "SKILL.md", "---\nname: s\nversion: 1.0.0\n---\n")), 409, 20005},
		{"upload bad overwrite", multipartUpload(t, skillPath+"/upload", zipOf(t, "SKILL.md", skillMD), "overwrite", "perhaps"), 400, 20002},
		{"batch no directories", multipartUpload(t, skillPath+"/upload/batch", zipOf(t, "SKILL.md", skillMD)), 400, 20002},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, env := f.do(t, tc.req)
			if status != tc.status || env.Code != tc.code {
				t.Fatalf("got %d/%d (%s), want %d/%d", status, env.Code, env.Data, tc.status, tc.code)
			}
			if after := f.keys(t); after != before {
				t.Fatalf("written:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}
