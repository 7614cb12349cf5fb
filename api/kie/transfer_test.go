package kie

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
	"time"
)

const fileURL = "/v1/default/kie/file"

func multipartFile(t *testing.T, field, content string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, "development.json")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	return mw.FormDataContentType(), buf.String()
}

func TestImportOverrideModes(t *testing.T) {
	file := `{"metadata":{"version":"1.0.0","annotations":{}},"data":[
		{"key":"a","value":"new","labels":{"env":"dev"}},
		{"key":"dup","value":"new","labels":{"env":"dev"},"value_type":"yaml"},
		{"key":"bad/key","value":"x"},
		{"key":"c","value":"new"}]}`
	cases := []struct {
		query   string
		success int
		failed  map[string]string // key → error_message prefix
		dup     string
	}{
		{"", 3, map[string]string{"bad/key": "key"}, "new"},
		{"?override=force", 3, map[string]string{"bad/key": "key"}, "new"},
		{"?override=skip", 2, map[string]string{"dup": "skip", "bad/key": "key"}, "old"},
		{"?override=abort", 1, map[string]string{"dup": "stop", "bad/key": "stop", "c": "stop"}, "old"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			f := newFixture(t, nil)
			dup := f.create(`{"key":"dup","value":"old","labels":{"env":"dev"}}`)
			ct, body := multipartFile(t, "upload_file", file)
			a := f.send("POST", fileURL+c.query, ct, body)
			if a.code != 200 || len(a.body["success"].([]any)) != c.success || len(a.body["failure"].([]any)) != len(c.failed) {
				t.Fatalf("answered %d %s", a.code, a.raw)
			}
			for _, x := range a.body["failure"].([]any) {
				fl := x.(map[string]any)
				if !strings.HasPrefix(fl["error_message"].(string), c.failed[fl["key"].(string)]) ||
					!strings.HasPrefix(fl["error_code"].(string), "SVCSTG.004") {
					t.Fatalf("failure %v", fl)
				}
			}
			if got := f.must(200, "GET", kvURL+"/"+dup, "").body["value"]; got != c.dup {
				t.Fatalf("duplicate holds %v, want %s", got, c.dup)
			}
		})
	}
}

func TestImportJSONBodyWithLabel(t *testing.T) {
	f := newFixture(t, nil)
	a := f.must(200, "POST", fileURL+"?label=env:test", `{"data":[{"key":"a","value":"1","labels":{"env":"dev"}}]}`)
	s := a.body["success"].([]any)[0].(map[string]any)
	if s["labels"].(map[string]any)["env"] != "test" {
		t.Fatalf("label not applied: %v", s)
	}
}

func TestExport(t *testing.T) {
	f := newFixture(t, nil)
	a := f.create(`{"key":"a","value":"1","labels":{"environment":"development"}}`)
	b := f.create(`{"key":"b","value":"2","labels":{"environment":"production"}}`)
	out := f.must(200, "POST", "/v1/default/kie/download?label=environment:development", `{"ids":["`+a+`","`+b+`"]}`)
	data := out.body["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["key"] != "a" || out.body["metadata"].(map[string]any)["version"] != "1.0.0" {
		t.Fatalf("export %s", out.raw)
	}
	if cd := out.hdr.Get("Content-Disposition"); !strings.Contains(cd, "development") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	// What export writes, import reads back.
	f2 := newFixture(t, nil)
	if imp := f2.must(200, "POST", fileURL, out.raw); len(imp.body["success"].([]any)) != 1 {
		t.Fatalf("re-import %s", imp.raw)
	}
}

func TestExportName(t *testing.T) {
	now := time.Unix(1623139038, 0)
	for _, c := range []struct {
		labels []string
		want   string
	}{
		{[]string{"environment:development"}, "development1623139038.json"},
		{[]string{"environment:"}, "default1623139038.json"},
		{nil, "custom1623139038.json"},
		{[]string{"environment:a", "environment:b"}, "custom1623139038.json"},
	} {
		if got := exportName(c.labels, now); got != c.want {
			t.Errorf("%v: %s", c.labels, got)
		}
	}
}

func TestBadTransferRequestsStoreNothing(t *testing.T) {
	f := newFixture(t, nil)
	id := f.create(`{"key":"k"}`)
	ct, noFile := multipartFile(t, "other", `{"data":[{"key":"a"}]}`)
	cases := []struct {
		name, path, ct, body string
		status               int
		code                 string
	}{
		{"bad override", fileURL + "?override=merge", "", `{"data":[{"key":"a"}]}`, 400, "SVCSTG.00400100"},
		{"bad label", fileURL + "?label=env", "", `{"data":[{"key":"a"}]}`, 400, "SVCSTG.00400100"},
		{"malformed file", fileURL, "", `{"data":[`, 400, "SVCSTG.00400651"},
		{"unknown field", fileURL, "", `{"data":[{"key":"a","colour":"red"}]}`, 400, "SVCSTG.00400651"},
		{"empty file", fileURL, "", `{"data":[]}`, 400, "SVCSTG.00400651"},
		{"no upload_file", fileURL, ct, noFile, 400, "SVCSTG.00400651"},
		{"bad project", "/v1/a%2Fb/kie/file", "", `{"data":[{"key":"a"}]}`, 400, "SVCSTG.00400100"},
		{"export no ids", "/v1/default/kie/download", "", `{"ids":[]}`, 400, "SVCSTG.00400653"},
		{"export malformed", "/v1/default/kie/download", "", `{"ids":`, 400, "SVCSTG.00400653"},
		{"export bad label", "/v1/default/kie/download?label=x", "", `{"ids":["` + id + `"]}`, 400, "SVCSTG.00400653"},
		{"export bad match", "/v1/default/kie/download?match=x", "", `{"ids":["` + id + `"]}`, 400, "SVCSTG.00400653"},
		{"export unknown id", "/v1/default/kie/download", "", `{"ids":["nope"]}`, 404, "SVCSTG.00400106"},
	}
	before := f.st.Revision()
	for _, c := range cases {
		a := f.send("POST", c.path, c.ct, c.body)
		if a.code != c.status || a.body["error_code"] != c.code || a.body["error_msg"] == nil || a.body["detail"] == nil {
			t.Errorf("%s: %d %s, want %d %s", c.name, a.code, a.raw, c.status, c.code)
		}
	}
	if f.st.Revision() != before {
		t.Fatalf("bad requests wrote: revision %d → %d", before, f.st.Revision())
	}
}
