package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// skillZip builds a real zip archive of name → content pairs.
func skillZip(t *testing.T, kv ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		w, err := zw.Create(kv[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(kv[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadZip posts a multipart form with the zip as its file part; the
// token goes in the query, as the SDK sends it.
func uploadZip(t *testing.T, token, rawURL string, data []byte, fields url.Values) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	w, _ := mw.CreateFormFile("file", "upload.zip")
	_, _ = w.Write(data)
	_ = mw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL+"?"+url.Values{"accessToken": {token}}.Encode(), &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// v3Data decodes a v3 answer that must be a success.
func v3Data(t *testing.T, what string, code int, body string, out any) {
	t.Helper()
	var env struct {
		Code int             `json:"code"`
		Data json.RawMessage `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &env) != nil || env.Code != 0 {
		t.Fatalf("%s: %d %s", what, code, body)
	}
	if out != nil {
		if err := json.Unmarshal(env.Data, out); err != nil {
			t.Fatalf("%s: %v in %s", what, err, body)
		}
	}
}

const e2eSkillMD = "---\nname: pdf\ndescription: reads pdfs\nversion: 1.0.0\n---\n# pdf\n"

// Every skill route over HTTP against the real binary with auth on: real
// multipart uploads of real zips, the draft → submit → publish life
// cycle, labels, biz tags, online, scope; a non-admin user and a request
// without a token are refused.
func TestNacosAISkills(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	token := login(t, s, adminPassword)
	base := s.url("/nacos/v3/admin/ai/skills")
	req := func(method, path string, kv ...string) (int, string) {
		t.Helper()
		form := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			form.Set(kv[i], kv[i+1])
		}
		return authedCall(t, token, method, base+path, form)
	}
	if code, body := call(t, http.MethodGet, base+"/list", nil); code != http.StatusForbidden {
		t.Fatalf("list without a token: %d %s", code, body)
	}
	grant(t, s, token, "skilluser", "Skill-user-pw-1", "rw", "public:*:*")
	user := loginAs(t, s, "skilluser", "Skill-user-pw-1")
	if code, body := authedCall(t, user, http.MethodGet, base+"/list", nil); code != http.StatusForbidden {
		t.Fatalf("list as a non-admin: %d %s", code, body)
	}

	var name, version, pipeline string
	var ok bool
	code, body := uploadZip(t, token, base+"/upload", skillZip(t, "pdf/SKILL.md", e2eSkillMD, "pdf/scripts/extract.py", "print(1)"),
		url.Values{"namespaceId": {"public"}, "overwrite": {"true"}, "commitMsg": {"first"}})
	v3Data(t, "upload", code, body, &name)
	code, body = req("POST", "/submit", "skillName", name)
	v3Data(t, "submit", code, body, &pipeline)
	code, body = req("POST", "/redraft", "skillName", name, "version", "1.0.0")
	v3Data(t, "redraft", code, body, &ok)
	code, body = req("PUT", "/draft", "skillCard", `{"name":"pdf","description":"reads pdfs well","content":"# pdf v1"}`, "setAsLatest", "true")
	v3Data(t, "update draft", code, body, &ok)
	code, body = req("POST", "/submit", "skillName", name, "version", "1.0.0")
	v3Data(t, "submit again", code, body, &pipeline)
	code, body = req("POST", "/publish", "skillName", name, "version", "1.0.0", "updateLatestLabel", "true")
	v3Data(t, "publish", code, body, &ok)
	if code, body = req("POST", "/redraft", "skillName", name, "version", "1.0.0"); code != http.StatusConflict {
		t.Fatalf("redraft of a published version: %d %s", code, body)
	}
	code, body = req("POST", "/draft", "skillName", name, "basedOnVersion", "1.0.0", "targetVersion", "1.1.0", "commitMsg", "next")
	v3Data(t, "create draft", code, body, &version)
	code, body = req("DELETE", "/draft", "skillName", name)
	v3Data(t, "delete draft", code, body, &ok)
	code, body = req("POST", "/draft", "skillName", name, "skillCard", `{"name":"pdf","content":"# pdf v2"}`)
	v3Data(t, "create draft from a card", code, body, &version)
	code, body = req("POST", "/force-publish", "skillName", name, "version", version, "updateLatestLabel", "false")
	v3Data(t, "force publish", code, body, &ok)
	code, body = req("PUT", "/labels", "skillName", name, "labels", `{"latest":"`+version+`","stable":"1.0.0"}`)
	v3Data(t, "labels", code, body, &ok)
	code, body = req("PUT", "/biz-tags", "skillName", name, "bizTags", `["docs","ops"]`)
	v3Data(t, "biz tags", code, body, &ok)
	code, body = req("POST", "/online", "skillName", name, "scope", "version", "version", "1.0.0", "online", "false")
	v3Data(t, "version offline", code, body, &ok)
	code, body = req("POST", "/online", "skillName", name, "scope", "skill", "online", "true")
	v3Data(t, "skill online", code, body, &ok)
	code, body = req("PUT", "/scope", "skillName", name, "scope", "PUBLIC")
	v3Data(t, "scope", code, body, &ok)
	code, body = req("POST", "", "skillCard", `{"name":"web","content":"# web"}`)
	v3Data(t, "register", code, body, &name)
	code, body = req("PUT", "", "skillCard", `{"name":"web","content":"# web 2"}`)
	v3Data(t, "update", code, body, &ok)

	var detail struct{ Version, Content string }
	code, body = req("GET", "", "skillName", "pdf")
	v3Data(t, "detail", code, body, &detail)
	if detail.Version != version || detail.Content != "# pdf v2" {
		t.Fatalf("detail %+v", detail)
	}
	var v1 struct {
		Online    bool
		Resources []struct{ Name, Type, Content string }
	}
	code, body = req("GET", "/version", "skillName", "pdf", "version", "1.0.0")
	v3Data(t, "version detail", code, body, &v1)
	if v1.Online || len(v1.Resources) != 0 {
		t.Fatalf("1.0.0 (edited to no resources, then offline): %+v", v1)
	}
	var meta struct {
		LatestVersion, Scope string
		Labels               map[string]string
		BizTags              []string
	}
	code, body = req("GET", "/meta", "skillName", "pdf")
	v3Data(t, "meta", code, body, &meta)
	if meta.LatestVersion != version || meta.Scope != "PUBLIC" || meta.Labels["stable"] != "1.0.0" || len(meta.BizTags) != 2 {
		t.Fatalf("meta %+v", meta)
	}
	code, body = uploadZip(t, token, base+"/upload/batch",
		skillZip(t, "a/SKILL.md", "---\nname: a\n---\n# a", "b/SKILL.md", "# b", "c/notes.md", "no manifest"),
		url.Values{"overwrite": {"false"}})
	var batch struct {
		Succeeded []string
		Failed    []struct{ Name string }
	}
	v3Data(t, "batch upload", code, body, &batch)
	if len(batch.Succeeded) != 2 || len(batch.Failed) != 1 || batch.Failed[0].Name != "c" {
		t.Fatalf("batch %+v", batch)
	}
	var page struct {
		TotalCount int
		PageItems  []struct{ Name string }
	}
	code, body = req("GET", "/list", "pageNo", "1", "pageSize", "2")
	v3Data(t, "list", code, body, &page)
	if page.TotalCount != 4 || len(page.PageItems) != 2 || page.PageItems[0].Name != "a" {
		t.Fatalf("list %+v", page)
	}
	if code, body = uploadZip(t, token, base+"/upload", skillZip(t, "SKILL.md", e2eSkillMD, "../../etc/passwd", "x"), nil); code != http.StatusBadRequest {
		t.Fatalf("an escaping entry: %d %s", code, body)
	}
	code, body = req("DELETE", "", "skillName", "pdf")
	v3Data(t, "delete", code, body, &ok)
	if code, body = req("GET", "/meta", "skillName", "pdf"); code != http.StatusNotFound {
		t.Fatalf("meta after delete: %d %s", code, body)
	}
}
