package v3

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

type cfgFixture struct {
	t   *testing.T
	svc *configs.Service
	mux *http.ServeMux
}

func newCfgFixture(t *testing.T, opts ...configs.Options) *cfgFixture {
	t.Helper()
	o := configs.Options{Logger: quietLogger()}
	if len(opts) > 0 {
		o = opts[0]
	}
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc, err := configs.New(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	ns, err := tenancy.New(context.Background(), st, tenancy.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	if _, err := ns.Create(context.Background(), "dev", "dev", ""); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(Deps{Configs: svc, Namespaces: ns, Core: Core{Level: new(slog.LevelVar)}},
		Options{Logger: quietLogger()}))
	return &cfgFixture{t: t, svc: svc, mux: mux}
}

// call sends params in the query for GET and DELETE and as a form
// otherwise, as the Maintainer SDK does, with an optional JSON body.
func (f *cfgFixture) call(method, path string, params url.Values, jsonBody string) (int, map[string]any) {
	f.t.Helper()
	var req *http.Request
	switch {
	case jsonBody != "":
		req = httptest.NewRequest(method, path+"?"+params.Encode(), strings.NewReader(jsonBody))
		req.Header.Set("Content-Type", "application/json")
	case method == http.MethodGet || method == http.MethodDelete:
		req = httptest.NewRequest(method, path+"?"+params.Encode(), nil)
	default:
		req = httptest.NewRequest(method, path, strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		f.t.Fatalf("%s %s: body %q: %v", method, path, rec.Body.String(), err)
	}
	return rec.Code, body
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func (f *cfgFixture) publish(group, dataID, content string, extra ...string) {
	f.t.Helper()
	code, body := f.call("POST", csConfig, vals(append([]string{"groupName", group, "dataId", dataID, "content", content}, extra...)...), "")
	if code != 200 || body["data"] != true {
		f.t.Fatalf("publish %s: %d %v", dataID, code, body)
	}
}

func TestConfigRoundTrip(t *testing.T) {
	f := newCfgFixture(t)
	f.publish("G", "a.yaml", "k: v", "type", "yaml", "desc", "about", "configTags", "t1", "appName", "app", "srcUser", "bob")
	code, body := f.call("GET", csConfig, vals("groupName", "G", "dataId", "a.yaml"), "")
	d, _ := body["data"].(map[string]any)
	if code != 200 || d["content"] != "k: v" || d["type"] != "yaml" || d["desc"] != "about" || d["configTags"] != "t1" ||
		d["createUser"] != "bob" || d["namespaceId"] != "public" || d["id"] == "" {
		t.Fatalf("get: %d %v", code, body)
	}
	var id int64
	_, _ = fmt.Sscan(d["id"].(string), &id)

	code, body = f.call("PUT", csConfig+"/metadata", vals("groupName", "G", "dataId", "a.yaml", "desc", "new", "configTags", "x,y"), "")
	if code != 200 || body["data"] != true {
		t.Fatalf("metadata: %d %v", code, body)
	}
	c, _ := f.svc.Get("", "G", "a.yaml")
	if c.Desc != "new" || c.ConfigTags != "x,y" || c.ID != id {
		t.Fatalf("after metadata: %+v", c)
	}

	code, body = f.call("GET", csConfig+"/list", vals("search", "blur", "dataId", "*a*", "configDetail", "*k:*", "pageNo", "1", "pageSize", "10"), "")
	pg, _ := body["data"].(map[string]any)
	if code != 200 || pg["totalCount"].(float64) != 1 {
		t.Fatalf("blur list: %d %v", code, body)
	}
	code, body = f.call("GET", csConfig+"/list", vals("search", "accurate", "dataId", "a"), "")
	if pg, _ = body["data"].(map[string]any); code != 200 || pg["totalCount"].(float64) != 0 {
		t.Fatalf("accurate list: %d %v", code, body)
	}

	code, body = f.call("GET", csHistory+"/list", vals("groupName", "G", "dataId", "a.yaml"), "")
	pg, _ = body["data"].(map[string]any)
	if code != 200 || pg["totalCount"].(float64) != 2 {
		t.Fatalf("history list: %d %v", code, body)
	}
	nid := pg["pageItems"].([]any)[0].(map[string]any)["id"].(string)
	code, body = f.call("GET", csHistory, vals("groupName", "G", "dataId", "a.yaml", "nid", nid), "")
	if d, _ = body["data"].(map[string]any); code != 200 || d["content"] != "k: v" || d["opType"] != "U" {
		t.Fatalf("history: %d %v", code, body)
	}
	code, body = f.call("GET", csHistory+"/previous", vals("groupName", "G", "dataId", "a.yaml", "id", fmt.Sprint(id)), "")
	if code != 200 || body["data"] == nil {
		t.Fatalf("previous: %d %v", code, body)
	}
	code, body = f.call("GET", csHistory+"/configs", vals("namespaceId", "public"), "")
	if l, _ := body["data"].([]any); code != 200 || len(l) != 1 {
		t.Fatalf("configs: %d %v", code, body)
	}

	code, body = f.call("POST", csConfig+"/clone", vals("namespaceId", "dev", "policy", "ABORT"), fmt.Sprintf(`[{"configId":%d}]`, id))
	if d, _ = body["data"].(map[string]any); code != 200 || d["succCount"].(float64) != 1 {
		t.Fatalf("clone: %d %v", code, body)
	}
	code, body = f.call("POST", csConfig+"/clone", vals("namespaceId", "dev"), fmt.Sprintf(`[{"configId":"%d"}]`, id))
	if d, _ = body["data"].(map[string]any); code != 200 || d["succCount"].(float64) != 0 || d["failData"] == nil {
		t.Fatalf("clone again (abort): %d %v", code, body)
	}

	code, body = f.call("DELETE", csConfig+"/batch", vals("ids", fmt.Sprintf("%d,99999", id)), "")
	if code != 200 || body["data"] != true {
		t.Fatalf("batch delete: %d %v", code, body)
	}
	if _, err := f.svc.Get("", "G", "a.yaml"); err == nil {
		t.Fatal("batch delete left the config")
	}
	code, body = f.call("DELETE", csConfig, vals("groupName", "G", "dataId", "a.yaml", "namespaceId", "dev"), "")
	if code != 200 || body["data"] != true {
		t.Fatalf("delete: %d %v", code, body)
	}
	code, body = f.call("POST", csOps+"/localCache", nil, "")
	if code != 200 || body["code"].(float64) != 0 {
		t.Fatalf("localCache: %d %v", code, body)
	}
	code, body = f.call("PUT", csOps+"/log", vals("logName", "config-server", "logLevel", "DEBUG"), "")
	if code != 200 || fmt.Sprint(body["data"]) != "Log level updated successfully! Module: config-server, Log Level: DEBUG" {
		t.Fatalf("log: %d %v", code, body)
	}
}

func TestConfigBadInput(t *testing.T) {
	f := newCfgFixture(t)
	f.publish("G", "exists", "v")
	long := strings.Repeat("x", 257)
	cases := []struct {
		name, method, path string
		params             url.Values
		body               string
		status, code       int
	}{
		{"get without groupName", "GET", csConfig, vals("dataId", "a"), "", 400, 10000},
		{"get without dataId", "GET", csConfig, vals("groupName", "G"), "", 400, 10000},
		{"get missing config", "GET", csConfig, vals("groupName", "G", "dataId", "nope"), "", 404, 20004},
		{"get bad dataId", "GET", csConfig, vals("groupName", "G", "dataId", "a/b"), "", 400, 20002},
		{"get bad namespace", "GET", csConfig, vals("groupName", "G", "dataId", "a", "namespaceId", "a b"), "", 400, 20002},
		{"publish without content", "POST", csConfig, vals("groupName", "G", "dataId", "a"), "", 400, 10000},
		{"publish long dataId", "POST", csConfig, vals("groupName", "G", "dataId", long, "content", "v"), "", 400, 20002},
		{"publish six tags", "POST", csConfig, vals("groupName", "G", "dataId", "a", "content", "v", "configTags", "a,b,c,d,e,f"), "", 400, 20002},
		{"delete without groupName", "DELETE", csConfig, vals("dataId", "a"), "", 400, 10000},
		{"batch without ids", "DELETE", csConfig + "/batch", nil, "", 400, 10000},
		{"batch bad id", "DELETE", csConfig + "/batch", vals("ids", "1,x"), "", 400, 20002},
		{"list pageNo 0", "GET", csConfig + "/list", vals("pageNo", "0"), "", 400, 20002},
		{"list pageSize x", "GET", csConfig + "/list", vals("pageSize", "x"), "", 400, 20002},
		{"clone without namespace", "POST", csConfig + "/clone", nil, `[{"configId":1}]`, 400, 10000},
		{"clone bad policy", "POST", csConfig + "/clone", vals("namespaceId", "dev", "policy", "MERGE"), `[{"configId":1}]`, 400, 20002},
		{"clone bad id", "POST", csConfig + "/clone", vals("namespaceId", "dev"), `[{"configId":"x"}]`, 400, 10000},
		{"clone bad json", "POST", csConfig + "/clone", vals("namespaceId", "dev"), `{"configId":`, 400, 10000},
		{"clone nothing selected", "POST", csConfig + "/clone", vals("namespaceId", "dev"), `[]`, 200, 100006},
		{"clone missing namespace", "POST", csConfig + "/clone", vals("namespaceId", "ghost"), `[{"configId":1}]`, 200, 22001},
		{"clone unknown id", "POST", csConfig + "/clone", vals("namespaceId", "dev"), `[{"configId":424242}]`, 200, 100005},
		{"metadata missing config", "PUT", csConfig + "/metadata", vals("groupName", "G", "dataId", "nope"), "", 404, 20004},
		{"history without nid", "GET", csHistory, vals("groupName", "G", "dataId", "exists"), "", 400, 10000},
		{"history bad nid", "GET", csHistory, vals("groupName", "G", "dataId", "exists", "nid", "x"), "", 400, 20002},
		{"history unknown nid", "GET", csHistory, vals("groupName", "G", "dataId", "exists", "nid", "424242"), "", 404, 20004},
		{"previous unknown id", "GET", csHistory + "/previous", vals("groupName", "G", "dataId", "exists", "id", "424242"), "", 404, 20004},
		{"history list pageSize 0", "GET", csHistory + "/list", vals("groupName", "G", "dataId", "exists", "pageSize", "0"), "", 400, 20002},
		{"configs without namespace", "GET", csHistory + "/configs", nil, "", 400, 10000},
		{"log without level", "PUT", csOps + "/log", vals("logName", "x"), "", 400, 10000},
	}
	for _, tc := range cases {
		before := f.svc.Len()
		code, body := f.call(tc.method, tc.path, tc.params, tc.body)
		if code != tc.status || int(body["code"].(float64)) != tc.code {
			t.Errorf("%s: %d %v, want %d code %d", tc.name, code, body, tc.status, tc.code)
		}
		if f.svc.Len() != before {
			t.Errorf("%s: wrote a config", tc.name)
		}
	}
}

func FuzzParseCloneInfos(f *testing.F) {
	f.Add([]byte(`[{"configId":1,"targetGroupName":"G","targetDataId":"d"}]`))
	f.Add([]byte(`[null,{"configId":null}]`))
	f.Add([]byte(`{"configId":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := parseCloneInfos(b)
		if err != nil && items != nil {
			t.Fatal("items with an error")
		}
	})
}

// A content over the limit, and a body too large to hold one, are refused
// as a content too long; nothing is written.
func TestConfigPublishContentLimit(t *testing.T) {
	f := newCfgFixture(t, configs.Options{Logger: quietLogger(), MaxContentBytes: 16})
	for _, content := range []string{strings.Repeat("x", 17), strings.Repeat("x", 3*16+64<<10)} {
		code, body := f.call("POST", csConfig, vals("groupName", "G", "dataId", "big", "content", content), "")
		if code != 400 || int(body["code"].(float64)) != 20002 || !strings.Contains(fmt.Sprint(body["data"]), "over 16") {
			t.Errorf("content of %d: %d %v", len(content), code, body)
		}
	}
	if f.svc.Len() != 0 {
		t.Fatal("a too long content was written")
	}
}
