package kie

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestKVLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	a := f.must(200, "POST", kvURL, `{"key":"timeout","value":"3s","labels":{"app":"shop","env":"prod"},"value_type":"TEXT"}`)
	id := a.body["id"].(string)
	if len(id) != 36 || a.body["value_type"] != "text" || a.body["status"] != "enabled" || a.body["create_revision"] == 0.0 ||
		a.hdr.Get(HeaderRevision) != fmt.Sprint(a.body["update_revision"]) {
		t.Fatalf("created %v %v", a.body, a.hdr)
	}
	got := f.must(200, "GET", kvURL+"/"+id, "")
	if got.body["value"] != "3s" || got.body["labels"].(map[string]any)["app"] != "shop" || got.hdr.Get(HeaderRevision) == "" {
		t.Fatalf("get %v", got.body)
	}
	up := f.must(200, "PUT", kvURL+"/"+id, `{"value":"5s","status":"disabled"}`)
	if up.body["value"] != "5s" || up.body["status"] != "disabled" || up.body["update_revision"].(float64) <= a.body["update_revision"].(float64) {
		t.Fatalf("update %v", up.body)
	}
	// kie-client's Put sends the whole KVRequest.
	f.must(200, "PUT", kvURL+"/"+id, `{"id":"`+id+`","key":"timeout","value":"6s","labels":{"env":"prod","app":"shop"}}`)
	if d := f.must(204, "DELETE", kvURL+"/"+id, ""); d.raw != "" || d.hdr.Get(HeaderRevision) == "" {
		t.Fatalf("delete answered %q", d.raw)
	}
	f.must(404, "GET", kvURL+"/"+id, "")
}

func TestDeleteMany(t *testing.T) {
	f := newFixture(t, nil)
	a, b := f.create(`{"key":"a"}`), f.create(`{"key":"b"}`)
	f.create(`{"key":"c"}`)
	f.must(204, "DELETE", kvURL, `{"ids":["`+a+`","`+b+`"]}`)
	if l := f.must(200, "GET", kvURL, ""); l.body["total"] != 1.0 {
		t.Fatalf("left %v", l.body)
	}
}

func TestListQueries(t *testing.T) {
	f := newFixture(t, nil)
	f.create(`{"key":"app.timeout","labels":{"app":"shop","env":"prod"}}`)
	f.create(`{"key":"app.retries","labels":{"app":"shop"}}`)
	f.create(`{"key":"db.url","labels":{"app":"shop","env":"prod"},"status":"disabled"}`)
	cases := []struct {
		query string
		want  string
		total int
	}{
		{"", "app.retries,app.timeout,db.url", 3},
		{"?label=env:prod", "app.timeout,db.url", 2},
		{"?label=app:shop&match=exact", "app.retries", 1},
		{"?label=app:shop&label=env:prod&match=exact", "app.timeout,db.url", 2},
		{"?key=beginWith(app.)", "app.retries,app.timeout", 2},
		{"?key=wildcard(*.t*t)", "app.timeout", 1},
		{"?key=db.url", "db.url", 1},
		{"?status=disabled", "db.url", 1},
		{"?status=enabled&label=env:prod", "app.timeout", 1},
		{"?offset=1&limit=1", "app.timeout", 3},
		{"?pageNo=2&pageSize=2", "db.url", 3},
		{"?offset=9", "", 3},
	}
	for _, c := range cases {
		a := f.must(200, "GET", kvURL+c.query, "")
		var keys []string
		for _, d := range a.body["data"].([]any) {
			keys = append(keys, d.(map[string]any)["key"].(string))
		}
		if strings.Join(keys, ",") != c.want || a.body["total"] != float64(c.total) {
			t.Errorf("%s: %v total %v, want %s %d", c.query, keys, a.body["total"], c.want, c.total)
		}
	}
}

func TestRevisionAndNotModified(t *testing.T) {
	f := newFixture(t, nil)
	f.create(`{"key":"k"}`)
	a := f.must(200, "GET", kvURL+"?revision=0", "")
	rev := a.hdr.Get(HeaderRevision)
	if n, _ := strconv.Atoi(rev); n == 0 {
		t.Fatalf("revision header %q", rev)
	}
	nm := f.must(304, "GET", kvURL+"?revision="+rev, "")
	if nm.raw != "" || nm.hdr.Get(HeaderRevision) != rev {
		t.Fatalf("304 with %q, revision %q", nm.raw, nm.hdr.Get(HeaderRevision))
	}
	f.must(304, "GET", kvURL+"?revision="+rev+"&wait=50ms", "")
	f.create(`{"key":"k2"}`)
	f.must(200, "GET", kvURL+"?revision="+rev, "")
}

func TestLongPollWakesOnMatchingChange(t *testing.T) {
	f := newFixture(t, nil)
	f.create(`{"key":"k","labels":{"app":"shop"}}`)
	rev := f.must(200, "GET", kvURL, "").hdr.Get(HeaderRevision)
	done := make(chan answer, 1)
	go func() { done <- f.do("GET", kvURL+"?label=app:shop&wait=1m&revision="+rev, "") }()
	for f.svc.Waiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	f.create(`{"key":"k","labels":{"app":"other"}}`) // not matching
	select {
	case a := <-done:
		t.Fatalf("answered %d on a change it does not match", a.code)
	case <-time.After(50 * time.Millisecond):
	}
	changed := time.Now()
	f.create(`{"key":"k2","labels":{"app":"shop"}}`)
	select {
	case a := <-done:
		if a.code != 200 || a.body["total"] != 2.0 || time.Since(changed) > 200*time.Millisecond {
			t.Fatalf("woke with %d %v after %v", a.code, a.body, time.Since(changed))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("not woken")
	}
}

func TestBadKVRequestsStoreNothing(t *testing.T) {
	f := newFixture(t, nil)
	id := f.create(`{"key":"dup","labels":{"a":"1"}}`)
	seven := `{"key":"k","labels":{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1"}}`
	big := `{"key":"k","value":"` + strings.Repeat("v", 128<<10+1) + `"}`
	cases := []struct {
		name         string
		method, path string
		body         string
		status       int
		code         string
		detail       string
	}{
		{"malformed", "POST", kvURL, `{"key":`, 400, "400001", "malformed"},
		{"unknown field", "POST", kvURL, `{"key":"k","colour":"red"}`, 400, "400001", "unknown field"},
		{"wrong type", "POST", kvURL, `{"key":1}`, 400, "400001", "key"},
		{"trailing data", "POST", kvURL, `{"key":"k"} {}`, 400, "400001", "after"},
		{"no key", "POST", kvURL, `{"value":"v"}`, 400, "400001", "key"},
		{"bad key", "POST", kvURL, `{"key":"a/b"}`, 400, "400001", "key"},
		{"7 labels", "POST", kvURL, seven, 400, "400001", "at most 6"},
		{"bad label", "POST", kvURL, `{"key":"k","labels":{"a b":"1"}}`, 400, "400001", "label"},
		{"big value", "POST", kvURL, big, 400, "400001", "value"},
		{"bad value_type", "POST", kvURL, `{"key":"k","value_type":"toml"}`, 400, "400001", "value_type"},
		{"bad status", "POST", kvURL, `{"key":"k","status":"on"}`, 400, "400001", "status"},
		{"id on create", "POST", kvURL, `{"id":"x","key":"k"}`, 400, "400001", "id"},
		{"checker", "POST", kvURL, `{"key":"k","check":"print(1)"}`, 400, "400001", "check"},
		{"bad project", "POST", "/v1/a%2Fb/kie/kv", `{"key":"k"}`, 400, "400001", "project_id"},
		{"duplicate", "POST", kvURL, `{"key":"dup","labels":{"a":"1"}}`, 409, "409001", "already exists"},
		{"unknown get", "GET", kvURL + "/nope", "", 404, "404001", "nope"},
		{"unknown put", "PUT", kvURL + "/nope", `{"value":"v"}`, 404, "404001", "nope"},
		{"unknown delete", "DELETE", kvURL + "/nope", "", 404, "404001", "nope"},
		{"unknown many", "DELETE", kvURL, `{"ids":["nope"]}`, 404, "404001", "nope"},
		{"no ids", "DELETE", kvURL, `{"ids":[]}`, 400, "400001", "ids"},
		{"empty update", "PUT", kvURL + "/" + id, `{}`, 400, "400001", "value"},
		{"rename", "PUT", kvURL + "/" + id, `{"key":"other","value":"v"}`, 400, "400001", "key"},
		{"other id", "PUT", kvURL + "/" + id, `{"id":"x","value":"v"}`, 400, "400001", "id"},
		{"bad update status", "PUT", kvURL + "/" + id, `{"status":"off"}`, 400, "400001", "status"},
		{"big update", "PUT", kvURL + "/" + id, strings.Replace(big, `"key":"k",`, "", 1), 400, "400001", "value"},
		{"bad label query", "GET", kvURL + "?label=app", "", 400, "400001", "label"},
		{"7 label query", "GET", kvURL + "?label=a:1&label=b:1&label=c:1&label=d:1&label=e:1&label=f:1&label=g:1", "", 400, "400001", "label"},
		{"bad match", "GET", kvURL + "?match=fuzzy", "", 400, "400001", "match"},
		{"bad key filter", "GET", kvURL + "?key=beginWith(a", "", 400, "400001", "key"},
		{"bad status filter", "GET", kvURL + "?status=on", "", 400, "400001", "status"},
		{"bad wait", "GET", kvURL + "?wait=soon", "", 400, "400001", "wait"},
		{"long wait", "GET", kvURL + "?wait=6m", "", 400, "400001", "wait"},
		{"bad revision", "GET", kvURL + "?revision=-1", "", 400, "400001", "revision"},
		{"bad limit", "GET", kvURL + "?limit=501", "", 400, "400001", "limit"},
	}
	before := f.st.Revision()
	for _, c := range cases {
		a := f.do(c.method, c.path, c.body)
		d, _ := a.body["detail"].(string)
		if a.code != c.status || a.body["error_code"] != c.code || a.body["errorCode"] != c.code ||
			a.body["error_message"] == nil || a.body["errorMessage"] == nil || !strings.Contains(d, c.detail) {
			t.Errorf("%s: %d %s, want %d %s %q", c.name, a.code, a.raw, c.status, c.code, c.detail)
		}
	}
	if f.st.Revision() != before {
		t.Fatalf("bad requests wrote: revision %d → %d", before, f.st.Revision())
	}
}
