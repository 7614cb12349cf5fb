package v1

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/config"
)

func TestConfigPublishGetDelete(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "app.json", "group", "G", "content", " {\"a\":1} ", "type", "json", "config_tags", "a,b")
	rec := e.form(http.MethodGet, "", vals("dataId", "app.json", "group", "G", "tenant", "public"))
	expect(t, rec, http.StatusOK, ` {"a":1} `)
	h := rec.Header()
	if h.Get("Content-MD5") != config.MD5Hex(` {"a":1} `) || h.Get("Config-Type") != "json" ||
		h.Get("Content-Type") != "application/json;charset=UTF-8" {
		t.Fatalf("headers %v", h)
	}
	if _, err := http.ParseTime(h.Get("Last-Modified")); err != nil {
		t.Fatalf("Last-Modified %q: %v", h.Get("Last-Modified"), err)
	}
	// Update; an unknown type is stored as text.
	e.publish("dataId", "app.json", "group", "G", "content", "v2", "type", "weird")
	rec = e.form(http.MethodGet, "", vals("dataId", "app.json", "group", "G"))
	expect(t, rec, http.StatusOK, "v2")
	if rec.Header().Get("Config-Type") != "text" {
		t.Fatalf("type %q", rec.Header().Get("Config-Type"))
	}
	// Delete (sent in the query, as nacos-sdk-go does), twice.
	for range 2 {
		req := vals("dataId", "app.json", "group", "G")
		expect(t, e.form(http.MethodDelete, "?"+req.Encode(), nil), http.StatusOK, "true")
	}
	expect(t, e.form(http.MethodGet, "", vals("dataId", "app.json", "group", "G")),
		http.StatusNotFound, "config data not exist\n")
}

func TestConfigNamespaces(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "in-ns1", "tenant", "ns1")
	e.publish("dataId", "d", "group", "G", "content", "in-public")
	expect(t, e.form(http.MethodGet, "", vals("dataId", "d", "group", "G", "tenant", "ns1")), http.StatusOK, "in-ns1")
	expect(t, e.form(http.MethodGet, "", vals("dataId", "d", "group", "G", "tenant", "public")), http.StatusOK, "in-public")
}

func TestConfigRecordsSrcUserAndHistory(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v1", "src_user", "alice", "appName", "app", "desc", "x")
	c, err := e.svc.Get("", "G", "d")
	if err != nil || c.SrcUser != "alice" || c.AppName != "app" || c.Desc != "x" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestConfigShowAll(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	e.publish("dataId", "d", "group", "G", "content", "v1", "tenant", "ns1", "type", "yaml", "desc", "x")
	c, err := e.svc.Get("ns1", "G", "d")
	if err != nil {
		t.Fatal(err)
	}
	rec := e.form(http.MethodGet, "", vals("dataId", "d", "group", "G", "tenant", "ns1", "show", "all"))
	var got configDetail
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("show=all: %d %s", rec.Code, rec.Body)
	}
	want := configDetail{ID: strconv.FormatInt(c.ID, 10), DataID: "d", Group: "G", Content: "v1", MD5: c.MD5,
		Tenant: "ns1", Type: "yaml", CreateTime: c.CreatedAt, ModifyTime: c.ModifiedAt, Desc: "x"}
	if got != want || c.ID == 0 {
		t.Fatalf("show=all: got %+v, want %+v", got, want)
	}
	// Nacos answers its null: an empty 200.
	expect(t, e.form(http.MethodGet, "", vals("dataId", "nope", "group", "G", "show", "all")), http.StatusOK, "")
}

func TestConfigRefusesBadInput(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	long := strings.Repeat("a", 257)
	cases := []struct {
		name, method string
		params       []string
		status       int
		body         string
	}{
		{"get no dataId", http.MethodGet, []string{"group", "G"}, 400,
			"Required request parameter 'dataId' for method parameter type String is not present"},
		{"get no group", http.MethodGet, []string{"dataId", "d"}, 400,
			"Required request parameter 'group' for method parameter type String is not present"},
		{"get blank dataId", http.MethodGet, []string{"dataId", " ", "group", "G"}, 400, "caused: invalid dataId :  ;"},
		{"get bad dataId", http.MethodGet, []string{"dataId", "a/b", "group", "G"}, 400, "caused: invalid dataId : a/b;"},
		{"get bad tenant", http.MethodGet, []string{"dataId", "d", "group", "G", "tenant", "a b"}, 400, "caused: invalid tenant;"},
		{"publish no content", http.MethodPost, []string{"dataId", "d", "group", "G"}, 400,
			"Required request parameter 'content' for method parameter type String is not present"},
		{"publish blank content", http.MethodPost, []string{"dataId", "d", "group", "G", "content", " "}, 400,
			"caused: content is blank :  ;"},
		{"publish bad group", http.MethodPost, []string{"dataId", "d", "group", "G/H", "content", "c"}, 400,
			"caused: invalid group : G/H;"},
		{"publish long dataId", http.MethodPost, []string{"dataId", long, "group", "G", "content", "c"}, 400,
			"caused: too long dataId, over 256;"},
		{"publish long tenant", http.MethodPost, []string{"dataId", "d", "group", "G", "content", "c", "tenant", long}, 400,
			"caused: too long tenant, over 128;"},
		{"publish big content", http.MethodPost, []string{"dataId", "d", "group", "G", "content", strings.Repeat("x", 10<<20+1)}, 400,
			"caused: invalid content, over 10485760;"},
		{"publish six tags", http.MethodPost, []string{"dataId", "d", "group", "G", "content", "c", "config_tags", "1,2,3,4,5,6"}, 400,
			"caused: too much config_tags, over 5;"},
		{"publish long tag", http.MethodPost, []string{"dataId", "d", "group", "G", "content", "c", "config_tags", strings.Repeat("t", 65)}, 400,
			"caused: too long tag, over 64;"},
		{"delete no group", http.MethodDelete, []string{"dataId", "d"}, 400,
			"Required request parameter 'group' for method parameter type String is not present"},
		{"delete bad dataId", http.MethodDelete, []string{"dataId", "d?", "group", "G"}, 400, "caused: invalid dataId : d?;"},
	}
	before := e.st.Revision()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, e.form(c.method, "", vals(c.params...)), c.status, c.body)
		})
	}
	if e.st.Revision() != before {
		t.Fatalf("bad input wrote: revision %d → %d", before, e.st.Revision())
	}
}

func TestListenerStaleAnswersAtOnce(t *testing.T) {
	e := newCfgEnv(t, time.Minute)
	e.publish("dataId", "d1", "group", "G", "content", "v1")
	e.publish("dataId", "d2", "group", "G", "content", "v1", "tenant", "ns1")
	md5 := config.MD5Hex("v1")
	recs := listening(
		listenRecord{DataID: "d1", Group: "G", MD5: md5},                // current
		listenRecord{DataID: "d2", Group: "G", Tenant: "ns1"},           // stale: the client has none
		listenRecord{DataID: "nope", Group: "G"},                        // missing both sides: current
		listenRecord{DataID: "d1", Group: "G", MD5: "x", Tenant: "ns1"}, // missing but client has one
	)
	start := time.Now()
	rec := e.form(http.MethodPost, "/listener", recs, "Long-Pulling-Timeout", "30000")
	expect(t, rec, http.StatusOK, "d2%02G%02ns1%01d1%02G%02ns1%01\n")
	if time.Since(start) > time.Second {
		t.Fatalf("held %v", time.Since(start))
	}
	// Without a tenant the answer has none either.
	rec = e.form(http.MethodPost, "/listener", listening(listenRecord{DataID: "d1", Group: "G", MD5: "old"}),
		"Long-Pulling-Timeout", "30000")
	expect(t, rec, http.StatusOK, "d1%02G%01\n")
}

func TestListenerNoHangupAndTimeout(t *testing.T) {
	e := newCfgEnv(t, 150*time.Millisecond)
	e.publish("dataId", "d", "group", "G", "content", "v1")
	recs := listening(listenRecord{DataID: "d", Group: "G", MD5: config.MD5Hex("v1")})
	start := time.Now()
	expect(t, e.form(http.MethodPost, "/listener", recs, "Long-Pulling-Timeout", "30000",
		"Long-Pulling-Timeout-No-Hangup", "true"), http.StatusOK, "")
	if time.Since(start) > 100*time.Millisecond {
		t.Fatalf("no-hangup held %v", time.Since(start))
	}
	// A short client timeout is held the minimum (here 150 ms).
	start = time.Now()
	expect(t, e.form(http.MethodPost, "/listener", recs, "Long-Pulling-Timeout", "100"), http.StatusOK, "")
	if d := time.Since(start); d < 150*time.Millisecond || d > time.Second {
		t.Fatalf("held %v", d)
	}
	// timeout − 500 ms when that is longer.
	start = time.Now()
	expect(t, e.form(http.MethodPost, "/listener", recs, "Long-Pulling-Timeout", "800"), http.StatusOK, "")
	if d := time.Since(start); d < 300*time.Millisecond || d > time.Second {
		t.Fatalf("held %v", d)
	}
}

func TestListenerWakesOnPublish(t *testing.T) {
	e := newCfgEnv(t, time.Minute)
	e.publish("dataId", "d", "group", "G", "content", "v1")
	recs := listening(listenRecord{DataID: "d", Group: "G", MD5: config.MD5Hex("v1")})
	type answer struct {
		code int
		body string
		at   time.Time
	}
	done := make(chan answer, 1)
	go func() {
		rec := e.form(http.MethodPost, "/listener", recs, "Long-Pulling-Timeout", "30000")
		done <- answer{rec.Code, rec.Body.String(), time.Now()}
	}()
	time.Sleep(50 * time.Millisecond)
	published := time.Now()
	e.publish("dataId", "d", "group", "G", "content", "v2")
	select {
	case a := <-done:
		if a.code != 200 || a.body != "d%02G%01\n" || a.at.Sub(published) > 100*time.Millisecond {
			t.Fatalf("got %d %q after %v", a.code, a.body, a.at.Sub(published))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("listener not woken")
	}
}

func TestListenerRefusesBadInput(t *testing.T) {
	e := newCfgEnv(t, time.Minute)
	many := make([]listenRecord, 10001)
	for i := range many {
		many[i] = listenRecord{DataID: "d" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i), Group: "G"}
	}
	cases := []struct {
		name    string
		value   string
		headers []string
		body    string
	}{
		{"absent", "", []string{"Long-Pulling-Timeout", "30000"}, "caused: invalid probeModify;"},
		{"one field", "d\x01", []string{"Long-Pulling-Timeout", "30000"}, "caused: invalid probeModify;"},
		{"five fields", "a\x02b\x02c\x02d\x02e\x01", []string{"Long-Pulling-Timeout", "30000"}, "caused: invalid probeModify;"},
		{"bad escape", "%zz", []string{"Long-Pulling-Timeout", "30000"}, "caused: invalid probeModify;"},
		{"too many", encodeListeningConfigs(many), []string{"Long-Pulling-Timeout", "30000"}, "caused: invalid probeModify;"},
		{"bad timeout", "d\x02G\x02\x01", []string{"Long-Pulling-Timeout", "soon"}, `caused: For input string: "soon";`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, e.form(http.MethodPost, "/listener", vals("Listening-Configs", c.value), c.headers...),
				http.StatusBadRequest, c.body)
		})
	}
}

// Nacos's default maxContent is 10 MiB: exactly that is stored and read
// back whole; one more char is refused and nothing is stored.
func TestConfigTenMiB(t *testing.T) {
	e := newCfgEnv(t, time.Second)
	big := strings.Repeat("abcdefgh", (10<<20)/8)
	e.publish("dataId", "big", "group", "G", "content", big)
	rec := e.form(http.MethodGet, "", vals("dataId", "big", "group", "G"))
	if rec.Code != http.StatusOK || rec.Body.String() != big || rec.Header().Get("Content-MD5") != config.MD5Hex(big) {
		t.Fatalf("read back: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	before := e.st.Revision()
	expect(t, e.form(http.MethodPost, "", vals("dataId", "big2", "group", "G", "content", big+"x")),
		http.StatusBadRequest, "caused: invalid content, over 10485760;")
	if e.st.Revision() != before {
		t.Fatalf("a refused publish wrote: revision %d → %d", before, e.st.Revision())
	}
}

// A body over the request bound (3 bytes a char and 64 KiB) is refused as
// the content it carries; here with a bound of 1000 chars.
func TestConfigBodyBound(t *testing.T) {
	e := newCfgEnvMax(t, time.Second, 1000)
	expect(t, e.form(http.MethodPost, "", vals("dataId", "d", "group", "G", "content", strings.Repeat("\x01", 1000))),
		http.StatusOK, "true") // 3000 bytes encoded: within the bound
	expect(t, e.form(http.MethodPost, "", vals("dataId", "d", "group", "G", "content", strings.Repeat("x", 3000+64<<10))),
		http.StatusBadRequest, "caused: invalid content, over 1000;")
	if c, err := e.svc.Get("", "G", "d"); err != nil || len(c.Content) != 1000 {
		t.Fatalf("after the refusal: %v", err)
	}
}
