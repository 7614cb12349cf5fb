package ai

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	airoot "github.com/causeway-dev/causeway/registry/ai"
	aireg "github.com/causeway-dev/causeway/registry/ai/artifact"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

type fixture struct {
	mux *http.ServeMux
	st  store.Store
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := enginetest.Open(t, log)
	skills, err := aireg.NewSkills(context.Background(), st, aireg.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(skills.Close)
	specs, err := aireg.NewAgentSpecs(context.Background(), st, aireg.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(specs.Close)
	mux := http.NewServeMux()
	for _, rt := range Routes(Deps{Skills: skills, AgentSpecs: specs}, log) {
		mux.Handle(rt.Pattern, rt.Handler)
	}
	return &fixture{mux: mux, st: st}
}

// envelope is the v3 answer.
type envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func (f *fixture) do(t *testing.T, req *http.Request) (int, envelope) {
	t.Helper()
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, req)
	var env envelope
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
		t.Fatalf("%s %s: %d %q", req.Method, req.URL, w.Code, w.Body.String())
	}
	return w.Code, env
}

// form builds a request with a URL-encoded body (or query, for GET).
func form(method, path string, kv ...string) *http.Request {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if method == http.MethodGet {
		return httptest.NewRequest(method, path+"?"+v.Encode(), nil)
	}
	r := httptest.NewRequest(method, path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// ok runs a request that must succeed and decodes its data into out.
func (f *fixture) ok(t *testing.T, req *http.Request, out any) {
	t.Helper()
	code, env := f.do(t, req)
	if code != 200 || env.Code != 0 {
		t.Fatalf("%s %s: %d %+v %s", req.Method, req.URL.Path, code, env, env.Data)
	}
	if out != nil {
		if err := json.Unmarshal(env.Data, out); err != nil {
			t.Fatal(err)
		}
	}
}

// multipartUpload builds a multipart upload of file with fields.
func multipartUpload(t *testing.T, path string, file []byte, kv ...string) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(kv); i += 2 {
		_ = mw.WriteField(kv[i], kv[i+1])
	}
	if file != nil {
		w, _ := mw.CreateFormFile("file", "upload.zip")
		_, _ = w.Write(file)
	}
	_ = mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func zipOf(t *testing.T, kv ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		w, err := zw.Create(kv[i])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(kv[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// keys answers every key under the AI prefix.
func (f *fixture) keys(t *testing.T) string {
	kvs, _, err := f.st.List(context.Background(), airoot.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&b, "%s@%d\n", kv.Key, kv.ModRevision)
	}
	return b.String()
}

// newRecorder answers the status of a request that may not answer JSON.
func newRecorder(f *fixture, req *http.Request) int {
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, req)
	return w.Code
}
