package v1

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
)

func (e *cfgEnv) history(path string, kv ...string) (int, string) {
	e.t.Helper()
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, historyBase+path+"?"+vals(kv...).Encode(), nil))
	return rec.Code, rec.Body.String()
}

func TestConfigHistoryV1(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v1", "src_user", "alice", "config_tags", "t1", "desc", "d1")
	e.publish("dataId", "d", "group", "G", "content", "v2", "src_user", "bob")
	c, err := e.svc.Get("", "G", "d")
	if err != nil {
		t.Fatal(err)
	}

	code, body := e.history("", "search", "accurate", "dataId", "d", "group", "G")
	var page nacoswire.Page[nacoswire.ConfigHistory]
	if err := json.Unmarshal([]byte(body), &page); err != nil || code != 200 || page.TotalCount != 2 || len(page.PageItems) != 2 {
		t.Fatalf("list: %d %s", code, body)
	}
	upd, ins := page.PageItems[0], page.PageItems[1]
	if upd.OpType != "U" || ins.OpType != "I" || ins.ID != strconv.FormatInt(c.ID, 10) {
		t.Fatalf("list order/ids: %s", body)
	}
	// The list's exact shape for the insert record.
	wantIns := `{"id":"` + ins.ID + `","lastId":-1,"dataId":"d","group":"G","tenant":"","appName":null,"md5":null,` +
		`"content":null,"srcIp":null,"srcUser":"alice","opType":"I","publishType":"formal","grayName":null,` +
		`"extInfo":"{\"src_user\":\"alice\",\"type\":\"text\",\"config_tags\":\"t1\",\"c_desc\":\"d1\"}",` +
		`"createdTime":"` + ins.CreatedTime + `","lastModifiedTime":"` + ins.CreatedTime + `","encryptedDataKey":null}`
	if !strings.Contains(body, wantIns) {
		t.Fatalf("list item:\n%s\nwant\n%s", body, wantIns)
	}
	// The update records the old config: its own src_user in extInfo.
	if upd.ExtInfo == nil || *upd.ExtInfo != `{"type":"text","config_tags":"t1","src_user":"alice","c_desc":"d1"}` ||
		upd.SrcUser == nil || *upd.SrcUser != "bob" {
		t.Fatalf("update record: %s", body)
	}

	// Detail by nid: content, md5 and the empty encrypted data key.
	code, body = e.history("", "dataId", "d", "group", "G", "tenant", "public", "nid", upd.ID)
	var detail nacoswire.ConfigHistory
	if err := json.Unmarshal([]byte(body), &detail); err != nil || code != 200 || detail.Content == nil ||
		*detail.Content != "v1" || detail.MD5 == nil || detail.EncryptedDataKey == nil || *detail.EncryptedDataKey != "" {
		t.Fatalf("detail: %d %s", code, body)
	}
	// Previous: the newest record of the config id.
	code, body = e.history("/previous", "dataId", "d", "group", "G", "id", strconv.FormatInt(c.ID, 10))
	if code != 200 || !strings.Contains(body, `"id":"`+upd.ID+`"`) {
		t.Fatalf("previous: %d %s", code, body)
	}
	// Nacos's null: an empty 200.
	for _, path := range []string{"", "/previous"} {
		name := map[string]string{"": "nid", "/previous": "id"}[path]
		if code, body := e.history(path, "dataId", "d", "group", "G", name, "999999"); code != 200 || body != "" {
			t.Fatalf("%s unknown: %d %q", path, code, body)
		}
	}
	// A record of another config: the AccessException.
	if code, body := e.history("", "dataId", "other", "group", "G", "nid", upd.ID); code != 403 ||
		body != "Please check dataId, group or namespaceId." {
		t.Fatalf("another config's nid: %d %q", code, body)
	}
	// Paging: pageSize over 500 is lowered; a blank key lists nothing.
	if code, body := e.history("", "search", "accurate", "dataId", "d", "group", "G", "pageSize", "9999", "pageNo", "2"); code != 200 ||
		body != `{"totalCount":2,"pageNumber":2,"pagesAvailable":1,"pageItems":[]}` {
		t.Fatalf("page 2: %d %s", code, body)
	}
	if code, body := e.history("", "search", "accurate", "dataId", "", "group", "G"); code != 200 ||
		body != `{"totalCount":0,"pageNumber":1,"pagesAvailable":0,"pageItems":[]}` {
		t.Fatalf("blank dataId: %d %s", code, body)
	}
}

func TestConfigHistoryV1RefusesBadInput(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v1")
	cases := []struct {
		name, path string
		params     []string
		body       string
	}{
		{"list no dataId", "", []string{"search", "accurate", "group", "G"},
			"Required request parameter 'dataId' for method parameter type String is not present"},
		{"list bad pageNo", "", []string{"search", "accurate", "dataId", "d", "group", "G", "pageNo", "one"},
			`Failed to convert value of type 'java.lang.String' to required type 'java.lang.Integer'; nested exception is java.lang.NumberFormatException: For input string: "one"`},
		{"list pageNo zero", "", []string{"search", "accurate", "dataId", "d", "group", "G", "pageNo", "0"},
			"caused: pageNo and pageSize must be greater than zero;"},
		{"list blank key, negative size", "", []string{"search", "accurate", "dataId", "", "group", "", "pageSize", "-3"},
			"caused: pageNo and pageSize must be greater than zero;"},
		{"list bad group", "", []string{"search", "accurate", "dataId", "d", "group", "G/H"},
			"Param 'group' is illegal, illegal characters should not appear in the param.\n"},
		{"detail no nid", "", []string{"dataId", "d", "group", "G"},
			"Required request parameter 'nid' for method parameter type Long is not present"},
		{"detail empty nid", "", []string{"dataId", "d", "group", "G", "nid", ""},
			"Required request parameter 'nid' for method parameter type Long is present but converted to null"},
		{"detail bad nid", "", []string{"dataId", "d", "group", "G", "nid", "1e3"},
			`Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: "1e3"`},
		{"detail no group", "", []string{"dataId", "d", "nid", "1"},
			"Required request parameter 'group' for method parameter type String is not present"},
		{"previous no id", "/previous", []string{"dataId", "d", "group", "G"},
			"Required request parameter 'id' for method parameter type Long is not present"},
		{"previous bad tenant", "/previous", []string{"dataId", "d", "group", "G", "tenant", "a b", "id", "1"},
			"Param 'namespaceId/tenant' is illegal, illegal characters should not appear in the param.\n"},
	}
	before := e.st.Revision()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if code, body := e.history(c.path, c.params...); code != http.StatusBadRequest || body != c.body {
				t.Fatalf("%d %q, want 400 %q", code, body, c.body)
			}
		})
	}
	if e.st.Revision() != before {
		t.Fatalf("a history read wrote: revision %d → %d", before, e.st.Revision())
	}
}
