package v1

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConfigSearch(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "app.yaml", "group", "DEFAULT_GROUP", "content", "a: 1", "type", "yaml", "appName", "shop", "config_tags", "x,y")
	e.publish("dataId", "app.json", "group", "DEFAULT_GROUP", "content", "{}", "type", "json")
	e.publish("dataId", "app.yaml", "group", "DEFAULT_GROUP", "content", "dev", "tenant", "dev")
	c, err := e.svc.Get("", "DEFAULT_GROUP", "app.yaml")
	if err != nil {
		t.Fatal(err)
	}

	// The exact shape of an accurate search: Jackson's ConfigInfo, nulls kept.
	rec := e.form(http.MethodGet, "", vals("search", "accurate", "dataId", "app.yaml", "group", "", "pageNo", "1", "pageSize", "10"))
	want := `{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"id":"` + strconv.FormatInt(c.ID, 10) +
		`","dataId":"app.yaml","group":"DEFAULT_GROUP","content":"a: 1","md5":null,"encryptedDataKey":null,` +
		`"tenant":"","appName":"shop","type":"yaml"}]}`
	expect(t, rec, http.StatusOK, want)
	if ct := rec.Header().Get("Content-Type"); ct != contentJSON {
		t.Fatalf("content type %q", ct)
	}

	cases := []struct {
		name   string
		params []string
		want   []string // dataId@tenant in order
	}{
		{"accurate all of public", []string{"search", "accurate", "dataId", "", "group", ""}, []string{"app.yaml@", "app.json@"}},
		{"accurate tenant", []string{"search", "accurate", "dataId", "", "group", "", "tenant", "dev"}, []string{"app.yaml@dev"}},
		{"accurate tag", []string{"search", "accurate", "dataId", "", "group", "", "config_tags", "y"}, []string{"app.yaml@"}},
		{"accurate appName", []string{"search", "accurate", "dataId", "", "group", "", "appName", "nope"}, nil},
		{"blur star", []string{"search", "blur", "dataId", "*.json", "group", ""}, []string{"app.json@"}},
		{"blur no star is exact", []string{"search", "blur", "dataId", "app", "group", ""}, nil},
		{"blur every tenant", []string{"search", "blur", "dataId", "app.y*", "group", "DEFAULT*", "tenant", "*"}, []string{"app.yaml@", "app.yaml@dev"}},
		{"blur types", []string{"search", "blur", "dataId", "", "group", "", "types", "json"}, []string{"app.json@"}},
		{"blur skips the param check", []string{"search", "blur", "dataId", "a/b*", "group", ""}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := e.form(http.MethodGet, "", vals(append(c.params, "pageNo", "1", "pageSize", "10")...))
			var page configPage
			if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || rec.Code != http.StatusOK {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			var got []string
			for _, it := range page.PageItems {
				got = append(got, it.DataID+"@"+it.Tenant)
				if it.MD5 != nil || (it.EncryptedDataKey == nil) != (c.params[1] == searchAccurate) {
					t.Fatalf("item %+v", it)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") || page.TotalCount != len(c.want) {
				t.Fatalf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
	// A page past the last: counts, no items.
	expect(t, e.form(http.MethodGet, "", vals("search", "blur", "dataId", "", "group", "", "pageNo", "3", "pageSize", "1")),
		http.StatusOK, `{"totalCount":2,"pageNumber":3,"pagesAvailable":2,"pageItems":[]}`)
	// Another search value is a plain get.
	expect(t, e.form(http.MethodGet, "", vals("search", "other", "dataId", "app.json", "group", "DEFAULT_GROUP")), http.StatusOK, "{}")
}

func TestConfigSearchRefusesBadInput(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v")
	cases := []struct {
		name   string
		params []string
		body   string
	}{
		{"no dataId", []string{"search", "accurate", "group", "", "pageNo", "1", "pageSize", "1"},
			"Required request parameter 'dataId' for method parameter type String is not present"},
		{"no group", []string{"search", "blur", "dataId", "", "pageNo", "1", "pageSize", "1"},
			"Required request parameter 'group' for method parameter type String is not present"},
		{"no pageNo", []string{"search", "blur", "dataId", "", "group", "", "pageSize", "1"},
			"Required request parameter 'pageNo' for method parameter type int is not present"},
		{"empty pageSize", []string{"search", "accurate", "dataId", "", "group", "", "pageNo", "1", "pageSize", ""},
			"Required request parameter 'pageSize' for method parameter type int is present but converted to null"},
		{"pageNo not a number", []string{"search", "accurate", "dataId", "", "group", "", "pageNo", "x", "pageSize", "1"},
			`Failed to convert value of type 'java.lang.String' to required type 'int'; nested exception is java.lang.NumberFormatException: For input string: "x"`},
		{"pageNo overflows int", []string{"search", "accurate", "dataId", "", "group", "", "pageNo", "2147483648", "pageSize", "1"},
			`Failed to convert value of type 'java.lang.String' to required type 'int'; nested exception is java.lang.NumberFormatException: For input string: "2147483648"`},
		{"pageNo zero", []string{"search", "blur", "dataId", "d*", "group", "G", "pageNo", "0", "pageSize", "1"},
			"caused: serialize page error, dataId=d*, group=G;caused: pageNo and pageSize must be greater than zero;"},
		{"pageSize negative", []string{"search", "accurate", "dataId", "d", "group", "G", "pageNo", "1", "pageSize", "-1"},
			"caused: serialize page error, dataId=d, group=G;caused: pageNo and pageSize must be greater than zero;"},
		{"accurate bad dataId", []string{"search", "accurate", "dataId", "a/b", "group", "", "pageNo", "1", "pageSize", "1"},
			"Param 'dataId' is illegal, illegal characters should not appear in the param.\n"},
		{"accurate star", []string{"search", "accurate", "dataId", "app*", "group", "", "pageNo", "1", "pageSize", "1"},
			"Param 'dataId' is illegal, illegal characters should not appear in the param.\n"},
		{"accurate bad tenant", []string{"search", "accurate", "dataId", "", "group", "", "tenant", "a.b", "pageNo", "1", "pageSize", "1"},
			"Param 'namespaceId/tenant' is illegal, illegal characters should not appear in the param.\n"},
		{"accurate long group", []string{"search", "accurate", "dataId", "", "group", strings.Repeat("g", 129), "pageNo", "1", "pageSize", "1"},
			"Param 'group' is illegal, the param length should not exceed 128.\n"},
	}
	before := e.st.Revision()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, e.form(http.MethodGet, "", vals(c.params...)), http.StatusBadRequest, c.body)
		})
	}
	if e.st.Revision() != before {
		t.Fatalf("a search wrote: revision %d → %d", before, e.st.Revision())
	}
}

// FuzzConfigSearch: whatever a client sends, a search answers 200 with a
// page or 400, never anything else, and writes nothing.
func FuzzConfigSearch(f *testing.F) {
	f.Add("blur", "a*", "G_", "", "1", "10", "x,y", "json")
	f.Add("accurate", "d", "G", "dev", "0", "-1", "", "")
	f.Add("blur", "%%__**", "*", "*", "2147483647", "2147483647", ",", ",")
	e := newCfgEnv(f, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v", "config_tags", "x")
	before := e.st.Revision()
	f.Fuzz(func(t *testing.T, mode, dataID, group, tenant, pageNo, pageSize, tags, types string) {
		q := vals("search", mode, "dataId", dataID, "group", group, "tenant", tenant,
			"pageNo", pageNo, "pageSize", pageSize, "config_tags", tags, "types", types)
		rec := httptest.NewRecorder()
		e.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, configBase+"?"+q.Encode(), nil))
		switch rec.Code {
		case http.StatusOK:
			if mode == searchAccurate || mode == searchBlur {
				var page configPage
				if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || page.PageItems == nil {
					t.Fatalf("200 without a page: %s", rec.Body)
				}
			}
		case http.StatusBadRequest, http.StatusNotFound: // a plain get of a missing config is 404
		default:
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		if e.st.Revision() != before {
			t.Fatal("a search wrote")
		}
	})
}
