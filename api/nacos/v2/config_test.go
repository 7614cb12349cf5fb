package v2

import (
	"context"
	"encoding/json"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
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
)

func newConfigMux(t *testing.T) *http.ServeMux {
	t.Helper()
	return newConfigMuxMax(t, 0)
}

// newConfigMuxMax is newConfigMux with a content bound (0: the default).
func newConfigMuxMax(t *testing.T, maxContent int) *http.ServeMux {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := configs.New(context.Background(), st, configs.Options{Logger: log, MaxContentBytes: maxContent})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		svc.Close()
		_ = st.Close()
	})
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, ConfigDialect(svc, Options{Logger: log}))
	return mux
}

type envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func cfgCall(t *testing.T, mux *http.ServeMux, method, path string, v url.Values) (int, envelope) {
	t.Helper()
	var req *http.Request
	if method == http.MethodPost {
		req = httptest.NewRequest(method, path, strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path+"?"+v.Encode(), nil)
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	var e envelope
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("%s %s: %d %q is not the envelope", method, path, rec.Code, rec.Body.String())
	}
	return rec.Code, e
}

func TestConfigV2Lifecycle(t *testing.T) {
	mux := newConfigMux(t)
	key := url.Values{"dataId": {"app.yaml"}, "group": {"DEFAULT_GROUP"}, "namespaceId": {"public"}}
	with := func(extra ...string) url.Values {
		v := url.Values{}
		for k, vs := range key {
			v[k] = vs
		}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	for _, content := range []string{"a: 1", "a: 2"} {
		if code, e := cfgCall(t, mux, http.MethodPost, configPath, with("content", content)); code != 200 || string(e.Data) != "true" {
			t.Fatalf("publish: %d %+v", code, e)
		}
	}
	if code, e := cfgCall(t, mux, http.MethodGet, configPath, key); code != 200 || string(e.Data) != `"a: 2"` {
		t.Fatalf("get: %d %+v", code, e)
	}
	// The empty namespace is public for config.
	if code, e := cfgCall(t, mux, http.MethodGet, configPath, with("namespaceId", "")); code != 200 || string(e.Data) != `"a: 2"` {
		t.Fatalf("get with an empty namespace: %d %+v", code, e)
	}
	code, e := cfgCall(t, mux, http.MethodGet, historyListPath, with("pageNo", "1", "pageSize", "10"))
	var page struct {
		TotalCount int                       `json:"totalCount"`
		PageItems  []nacoswire.ConfigHistory `json:"pageItems"`
	}
	if err := json.Unmarshal(e.Data, &page); err != nil || code != 200 || page.TotalCount != 2 {
		t.Fatalf("history list: %d %s", code, e.Data)
	}
	var update, insert nacoswire.ConfigHistory
	for _, h := range page.PageItems {
		switch h.OpType {
		case "U":
			update = h
		case "I":
			insert = h
		}
	}
	// A list item has no content, md5 or key (Nacos does not select them).
	if update.Content != nil || update.MD5 != nil || update.EncryptedDataKey != nil || update.PublishType != "formal" ||
		update.Tenant != "" || insert.ExtInfo == nil || *insert.ExtInfo != `{"type":"text"}` {
		t.Fatalf("list items: %s", e.Data)
	}
	code, e = cfgCall(t, mux, http.MethodGet, historyPath, with("nid", update.ID))
	var detail nacoswire.ConfigHistory
	if err := json.Unmarshal(e.Data, &detail); err != nil || code != 200 || detail.OpType != "U" ||
		detail.Content == nil || *detail.Content != "a: 1" || detail.EncryptedDataKey == nil || *detail.EncryptedDataKey != "" {
		t.Fatalf("history by nid (the U record keeps the content before the change): %d %s", code, e.Data)
	}
	// A new config's id is the nid of its insert record; previous answers
	// that config's newest record.
	if code, e := cfgCall(t, mux, http.MethodGet, historyPreviousPath, with("id", insert.ID)); code != 200 || !strings.Contains(string(e.Data), `"id":"`+update.ID+`"`) {
		t.Fatalf("previous by config id: %d %s", code, e.Data)
	}
	if code, e := cfgCall(t, mux, http.MethodGet, historyPreviousPath, with("id", insert.ID, "dataId", "other")); code != 403 || e.Code != 10001 ||
		string(e.Data) != `"Please check dataId, group or namespaceId."` {
		t.Fatalf("previous of another config's id: %d %+v", code, e)
	}
	if code, e := cfgCall(t, mux, http.MethodDelete, configPath, key); code != 200 || string(e.Data) != "true" {
		t.Fatalf("delete: %d %+v", code, e)
	}
	if code, e := cfgCall(t, mux, http.MethodGet, configPath, key); code != 404 || e.Code != 20004 {
		t.Fatalf("get after delete: %d %+v", code, e)
	}
}

func TestConfigV2RefusesBadInput(t *testing.T) {
	mux := newConfigMux(t)
	cases := []struct {
		name, method, path string
		params             url.Values
		status, code       int
	}{
		{"publish without dataId", http.MethodPost, configPath, url.Values{"group": {"G"}, "content": {"x"}}, 400, 10000},
		{"publish without content", http.MethodPost, configPath, url.Values{"group": {"G"}, "dataId": {"d"}}, 400, 10000},
		{"publish bad dataId", http.MethodPost, configPath, url.Values{"group": {"G"}, "dataId": {"a b"}, "content": {"x"}}, 400, 20002},
		{"publish bad group", http.MethodPost, configPath, url.Values{"group": {"G/H"}, "dataId": {"d"}, "content": {"x"}}, 400, 20002},
		{"publish too large", http.MethodPost, configPath, url.Values{"group": {"G"}, "dataId": {"d"}, "content": {strings.Repeat("x", 10<<20+1)}}, 400, 20002},
		{"get without group", http.MethodGet, configPath, url.Values{"dataId": {"d"}}, 400, 10000},
		{"get missing", http.MethodGet, configPath, url.Values{"dataId": {"d"}, "group": {"G"}}, 404, 20004},
		{"history page size negative", http.MethodGet, historyListPath, url.Values{"dataId": {"d"}, "group": {"G"}, "pageSize": {"-1"}}, 400, 20002},
		{"history page zero", http.MethodGet, historyListPath, url.Values{"dataId": {"d"}, "group": {"G"}, "pageNo": {"0"}}, 400, 20002},
		{"history bad nid", http.MethodGet, historyPath, url.Values{"dataId": {"d"}, "group": {"G"}, "nid": {"x"}}, 400, 20002},
		{"previous without id", http.MethodGet, historyPreviousPath, url.Values{"dataId": {"d"}, "group": {"G"}}, 400, 10000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, e := cfgCall(t, mux, tc.method, tc.path, tc.params)
			if status != tc.status || e.Code != tc.code {
				t.Fatalf("%d %+v, want %d code %d", status, e, tc.status, tc.code)
			}
		})
	}
	// Nacos's null: an unknown nid or config id is data null; a page size
	// over 500 is lowered to 500.
	for _, c := range []struct {
		path   string
		params url.Values
		data   string
	}{
		{historyPath, url.Values{"dataId": {"d"}, "group": {"G"}, "nid": {"12345"}}, "null"},
		{historyPreviousPath, url.Values{"dataId": {"d"}, "group": {"G"}, "id": {"12345"}}, "null"},
		{historyListPath, url.Values{"dataId": {"d"}, "group": {"G"}, "pageSize": {"501"}},
			`{"totalCount":0,"pageNumber":1,"pagesAvailable":0,"pageItems":[]}`},
	} {
		if status, e := cfgCall(t, mux, http.MethodGet, c.path, c.params); status != 200 || e.Code != 0 || string(e.Data) != c.data {
			t.Fatalf("%s %v: %d %+v", c.path, c.params, status, e)
		}
	}
	// Nothing was written by any of them.
	if status, e := cfgCall(t, mux, http.MethodGet, historyListPath, url.Values{"dataId": {"d"}, "group": {"G"}}); status != 200 || !strings.Contains(string(e.Data), `"totalCount":0`) {
		t.Fatalf("history after refused writes: %d %s", status, e.Data)
	}
}

// 10 MiB (Nacos's maxContent) is stored and read back; one char more is
// refused, and a body over the request bound is refused as that content.
func TestConfigV2ContentBounds(t *testing.T) {
	mux := newConfigMux(t)
	big := strings.Repeat("abcdefgh", (10<<20)/8)
	key := url.Values{"dataId": {"big"}, "group": {"G"}}
	if code, e := cfgCall(t, mux, http.MethodPost, configPath, url.Values{"dataId": {"big"}, "group": {"G"}, "content": {big}}); code != 200 {
		t.Fatalf("publish 10 MiB: %d %+v", code, e)
	}
	code, e := cfgCall(t, mux, http.MethodGet, configPath, key)
	var got string
	if err := json.Unmarshal(e.Data, &got); err != nil || code != 200 || got != big {
		t.Fatalf("read back: %d, %d bytes, %v", code, len(got), err)
	}
	code, e = cfgCall(t, mux, http.MethodPost, configPath, url.Values{"dataId": {"big2"}, "group": {"G"}, "content": {big + "x"}})
	if code != 400 || e.Code != 20002 || string(e.Data) != `"invalid content, over 10485760"` {
		t.Fatalf("10 MiB + 1: %d %+v", code, e)
	}
	if code, _ := cfgCall(t, mux, http.MethodGet, configPath, url.Values{"dataId": {"big2"}, "group": {"G"}}); code != 404 {
		t.Fatalf("the refused config exists: %d", code)
	}
	small := newConfigMuxMax(t, 1000)
	code, e = cfgCall(t, small, http.MethodPost, configPath, url.Values{"dataId": {"d"}, "group": {"G"}, "content": {strings.Repeat("x", 3000+64<<10)}})
	if code != 400 || e.Code != 20002 || string(e.Data) != `"invalid content, over 1000"` {
		t.Fatalf("body over the bound: %d %+v", code, e)
	}
}
