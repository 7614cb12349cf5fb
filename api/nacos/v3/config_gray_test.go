package v3

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

type grayFixture struct {
	t   *testing.T
	cfg *configs.Service
	mux *http.ServeMux
}

func newGrayFixture(t *testing.T) *grayFixture {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	cfg, err := configs.New(context.Background(), st, configs.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cfg.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(Deps{Configs: cfg}, Options{Logger: quiet()}))
	return &grayFixture{t: t, cfg: cfg, mux: mux}
}

type envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func (f *grayFixture) do(req *http.Request) (int, envelope, []byte) {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	var env envelope
	_ = json.Unmarshal(rec.Body.Bytes(), &env)
	return rec.Code, env, rec.Body.Bytes()
}

func (f *grayFixture) call(method, path, query string) (int, envelope) {
	code, env, _ := f.do(httptest.NewRequest(method, configBase+path+"?"+query, nil))
	return code, env
}

func TestBetaRoutes(t *testing.T) {
	f := newGrayFixture(t)
	ctx := context.Background()
	if _, err := f.cfg.PublishBeta(ctx, configs.PublishInput{Group: "G", DataID: "d", Content: "b", AppName: "app"}, "1.1.1.1,2.2.2.2"); err != nil {
		t.Fatal(err)
	}
	code, env := f.call("GET", "/config/beta", "dataId=d&groupName=G")
	var info configGrayInfo
	_ = json.Unmarshal(env.Data, &info)
	if code != 200 || env.Code != 0 || info.Content != "b" || info.NamespaceID != "public" || info.GrayName != "beta" ||
		!strings.Contains(info.GrayRule, `"expr":"1.1.1.1,2.2.2.2"`) || info.AppName != "app" {
		t.Fatalf("%d %+v %+v", code, env, info)
	}
	if code, env := f.call("DELETE", "/config/beta", "dataId=d&groupName=G&namespaceId=public"); code != 200 || string(env.Data) != "true" {
		t.Fatalf("stop: %d %+v", code, env)
	}
	if code, env := f.call("GET", "/config/beta", "dataId=d&groupName=G"); code != 404 || env.Code != 20004 || !strings.Contains(string(env.Data), "not in beta") {
		t.Fatalf("after stop: %d %+v", code, env)
	}
	if code, env := f.call("DELETE", "/config/beta", "dataId=d&groupName=G"); code != 200 || string(env.Data) != "true" {
		t.Fatalf("stop twice: %d %+v", code, env)
	}
}

func TestGrayRoutesBadInput(t *testing.T) {
	f := newGrayFixture(t)
	cases := []struct {
		method, path, query string
		status, code        int
	}{
		{"GET", "/config/beta", "groupName=G", 400, 10000},
		{"GET", "/config/beta", "dataId=d", 400, 10000},
		{"GET", "/config/beta", "dataId=a%2Fb&groupName=G", 400, 20002},
		{"DELETE", "/config/beta", "dataId=d", 400, 10000},
		{"DELETE", "/config/beta", "dataId=d&groupName=G&namespaceId=bad%20ns", 400, 0},
		{"GET", "/config/listener", "groupName=G", 400, 10000},
		{"GET", "/config/listener", "dataId=d&groupName=G&aggregation=maybe", 400, 20002},
		{"GET", "/listener", "", 400, 10000},
		{"GET", "/listener", "ip=1.1.1.1&all=yes", 400, 20002},
		{"GET", "/config/export", "ids=1,x", 400, 20002},
		{"POST", "/config/import", "policy=MERGE", 400, 20002},
	}
	for _, tc := range cases {
		code, env := f.call(tc.method, tc.path, tc.query)
		if code != tc.status || (tc.code != 0 && env.Code != tc.code) {
			t.Errorf("%s %s?%s: %d %+v", tc.method, tc.path, tc.query, code, env)
		}
	}
	if f.cfg.Count("") != 0 {
		t.Fatal("bad input wrote a config")
	}
}

func TestListenerRoutes(t *testing.T) {
	f := newGrayFixture(t)
	code, env := f.call("GET", "/config/listener", "dataId=d&groupName=G")
	if code != 200 || !strings.Contains(string(env.Data), `"queryType":"config"`) || !strings.Contains(string(env.Data), `"listenersStatus":{}`) {
		t.Fatalf("%d %s", code, env.Data)
	}
	code, env = f.call("GET", "/listener", "ip=1.2.3.4&all=true")
	if code != 200 || !strings.Contains(string(env.Data), `"queryType":"ip"`) {
		t.Fatalf("%d %s", code, env.Data)
	}
}

func TestGroupKey(t *testing.T) {
	for k, want := range map[configs.Key]string{
		configs.NewKey("", "G", "d"):     "d+G",
		configs.NewKey("ns", "G", "a+b"): "a%2Bb+G+ns",
		configs.NewKey("ns", "G%", "d"):  "d+G%25+ns",
	} {
		if got := groupKey(k); got != want {
			t.Errorf("%v: %q, want %q", k, got, want)
		}
	}
}

func multipartImport(t *testing.T, query string, zipData []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if zipData != nil {
		w, _ := mw.CreateFormFile("file", "export.zip")
		_, _ = w.Write(zipData)
	}
	_ = mw.Close()
	req := httptest.NewRequest("POST", configBase+"/config/import?"+query, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func TestImportExportRoutes(t *testing.T) {
	f := newGrayFixture(t)
	ctx := context.Background()
	if _, err := f.cfg.Publish(ctx, configs.PublishInput{Group: "G", DataID: "a", Content: "A", Type: "yaml"}); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", configBase+"/config/export?"+url.Values{"groupName": {"G"}}.Encode(), nil)
	code, _, body := f.do(req)
	if code != 200 {
		t.Fatalf("export %d %s", code, body)
	}
	if _, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err != nil {
		t.Fatalf("export is not a zip: %v", err)
	}
	// ABORT over an existing config: nothing written, failData names it.
	code, env, _ := f.do(multipartImport(t, "", body))
	if code != 200 || env.Code != 0 || !strings.Contains(string(env.Data), `"failData":[{"dataId":"a","group":"G"}]`) {
		t.Fatalf("abort: %d %+v %s", code, env, env.Data)
	}
	code, env, _ = f.do(multipartImport(t, "policy=OVERWRITE&namespaceId=public", body))
	if code != 200 || !strings.Contains(string(env.Data), `"succCount":1`) {
		t.Fatalf("overwrite: %d %s", code, env.Data)
	}
	for _, tc := range []struct {
		name string
		req  *http.Request
		code int
	}{
		{"no file", multipartImport(t, "", nil), 100005},
		{"not a zip", multipartImport(t, "", []byte("nope")), 100004},
		{"no metadata", multipartImport(t, "", zipBytes(t, "G/a", "x")), 100002},
	} {
		code, env, _ := f.do(tc.req)
		if code != 200 || env.Code != tc.code {
			t.Errorf("%s: %d %+v", tc.name, code, env)
		}
	}
}

func zipBytes(t *testing.T, kv ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		w, _ := zw.Create(kv[i])
		_, _ = w.Write([]byte(kv[i+1]))
	}
	_ = zw.Close()
	return buf.Bytes()
}

// The beta publish POST /cs/config hands over when betaIps is set.
func TestPublishBetaHandOver(t *testing.T) {
	f := newGrayFixture(t)
	a := &api{deps: Deps{Configs: f.cfg}, log: quiet()}
	req := httptest.NewRequest("POST", configBase+"/config", nil)
	got, err := a.publishBeta(req, configs.PublishInput{Group: "G", DataID: "d", Content: "b"}, "1.1.1.1")
	if err != nil || got != true {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := a.publishBeta(req, configs.PublishInput{Group: "G", DataID: "d", Content: "b"}, " , "); err == nil {
		t.Fatal("blank betaIps accepted")
	}
	if b, err := f.cfg.GetBeta("", "G", "d"); err != nil || b.BetaIPs() != "1.1.1.1" {
		t.Fatalf("%+v %v", b, err)
	}
}
