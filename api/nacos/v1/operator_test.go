package v1

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var switchKeys = []string{
	"name", "masters", "adWeightMap", "defaultPushCacheMillis", "clientBeatInterval", "defaultCacheMillis",
	"distroThreshold", "healthCheckEnabled", "autoChangeHealthCheckEnabled", "distroEnabled", "enableStandalone",
	"pushEnabled", "checkTimes", "httpHealthParams", "tcpHealthParams", "mysqlHealthParams", "incrementalList",
	"serverStatusSynchronizationPeriodMillis", "serviceStatusSynchronizationPeriodMillis", "disableAddIP",
	"sendBeatOnly", "lightBeatEnabled", "limitedUrlMap", "distroServerExpiredMillis", "pushGoVersion",
	"pushJavaVersion", "pushPythonVersion", "pushCVersion", "pushCSharpVersion", "enableAuthentication",
	"overriddenServerStatus", "defaultInstanceEphemeral", "healthCheckWhiteList", "checksum",
}

func TestSwitches(t *testing.T) {
	e := newEnv(t, time.Hour)
	m := decode(t, e.do(http.MethodGet, "/operator/switches", nil))
	expectKeys(t, "switches", m, switchKeys...)
	if m["name"] != "00-00---000-NACOS_SWITCH_DOMAIN-000---00-00" || m["clientBeatInterval"] != 5000.0 ||
		m["defaultInstanceEphemeral"] != true || m["healthCheckEnabled"] != true || m["pushEnabled"] != true ||
		m["checksum"] != nil || m["defaultCacheMillis"] != 3000.0 {
		t.Fatalf("defaults %v", m)
	}

	for _, kv := range [][2]string{
		{"check", "false"}, {"pushEnabled", "false"}, {"clientBeatInterval", "6000"},
		{"pushVersion", "go:1.2.3"}, {"masters", "a,b"}, {"healthCheckTimes", "5"},
		{"tcpHealthParams", `{"max":6000,"min":600,"factor":0.5}`}, {"limitedUrlMap", "/x:503"},
		{"overriddenServerStatus", "DOWN"}, {"noSuchEntry", "whatever"},
	} {
		e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", kv[0], "value", kv[1], "debug", "true")))
	}
	m = decode(t, e.do(http.MethodGet, "/operator/switches", nil))
	expectKeys(t, "switches", m, switchKeys...)
	want := map[string]any{
		"healthCheckEnabled": false, "pushEnabled": false, "clientBeatInterval": 6000.0, "pushGoVersion": "1.2.3",
		"checkTimes": 5.0, "overriddenServerStatus": "DOWN",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if tcp := m["tcpHealthParams"].(map[string]any); tcp["max"] != 6000.0 || tcp["factor"] != 0.5 {
		t.Errorf("tcpHealthParams %v", tcp)
	}
	if ms := m["masters"].([]any); len(ms) != 2 {
		t.Errorf("masters %v", ms)
	}
	if lu := m["limitedUrlMap"].(map[string]any); lu["/x"] != 503.0 {
		t.Errorf("limitedUrlMap %v", lu)
	}
	// SwitchDomain's floats are written as Java's Float.toString writes them.
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "distroThreshold", "value", "1")))
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "httpHealthParams", "value", `{"max":5000,"min":500,"factor":1}`)))
	body := e.do(http.MethodGet, "/operator/switches", nil).Body.String()
	for _, part := range []string{`"distroThreshold":1.0,`, `"httpHealthParams":{"max":5000,"min":500,"factor":1.0}`,
		`"tcpHealthParams":{"max":6000,"min":600,"factor":0.5}`, `"mysqlHealthParams":{"max":3000,"min":2000,"factor":0.65}`} {
		if !strings.Contains(body, part) {
			t.Errorf("switches lack %s: %s", part, body)
		}
	}
}

func TestSwitchesRefuseBadInput(t *testing.T) {
	e := newEnv(t, time.Hour)
	cases := []struct {
		params url.Values
		body   string
	}{
		{vals("value", "1"), "Parameter 'entry' is missing"},
		{vals("entry", "check"), "Parameter 'value' is missing"},
		{vals("entry", "check", "value", "nope"), `Param 'value' is illegal, "nope" is not a valid boolean.`},
		{vals("entry", "clientBeatInterval", "value", "soon"), `For input string: "soon"`},
		{vals("entry", "clientBeatInterval", "value", "0"), "clientBeatInterval must be positive: 0"},
		{vals("entry", "defaultCacheMillis", "value", "10"), "min default cache time  is too small(<1000)"},
		{vals("entry", "pushCacheMillis", "value", "10"), "min cache time for http or tcp is too small(<10000)"},
		{vals("entry", "distroThreshold", "value", "-1"), "distroThreshold can not be zero or negative: -1.0"},
		{vals("entry", "pushVersion", "value", "go:1.x"), `illegal version, must match: [0-9]+\.[0-9]+\.[0-9]+`},
		{vals("entry", "pushVersion", "value", "rust:1.0.0"), "unsupported client type: rust"},
		{vals("entry", "httpHealthParams", "value", "{"), "json param invalid."},
		{vals("entry", "httpHealthParams", "value", `{"max":5000,"min":100,"factor":0.5}`), "min check time for http or tcp is too small(<500)"},
		{vals("entry", "limitedUrlMap", "value", "nocolon"), "invalid input for limited urls"},
		{vals("entry", "serviceStatusSynchronizationPeriodMillis", "value", "10"), "serviceStatusSynchronizationPeriodMillis is too small(<5000)"},
		{vals("entry", "check", "value", "true", "debug", "perhaps"), `Param 'debug' is illegal, "perhaps" is not a valid boolean.`},
	}
	for _, c := range cases {
		before := e.snapshot()
		expect(t, e.do(http.MethodPut, "/operator/switches", c.params), 400, c.body)
		e.expectUnchanged(before)
	}
}

var metricKeys = []string{
	"status", "serviceCount", "instanceCount", "subscribeCount", "responsibleServiceCount",
	"responsibleInstanceCount", "clientCount", "connectionBasedClientCount", "ephemeralIpPortClientCount",
	"persistentIpPortClientCount", "responsibleClientCount", "cpu", "load", "mem",
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "a", "ip", "10.0.0.1", "port", "80")
	e.register("serviceName", "a", "ip", "10.0.0.2", "port", "80")
	e.register("serviceName", "b", "ip", "10.0.0.3", "port", "80", "ephemeral", "false")
	decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "a", "udpPort", "5000", "clientIP", "10.0.0.9")))

	// Without onlyStatus only the status, as OperatorController answers.
	expect(t, e.do(http.MethodGet, "/operator/metrics", nil), 200, `{"status":"UP"}`)
	m := decode(t, e.do(http.MethodGet, "/operator/metrics", vals("onlyStatus", "false")))
	expectKeys(t, "metrics", m, metricKeys...)
	want := map[string]any{
		"status": "UP", "serviceCount": 2.0, "instanceCount": 3.0, "responsibleServiceCount": 2.0,
		"responsibleInstanceCount": 3.0, "subscribeCount": 1.0, "clientCount": 4.0,
		"ephemeralIpPortClientCount": 3.0, "persistentIpPortClientCount": 1.0, "connectionBasedClientCount": 0.0,
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	for _, k := range []string{"cpu", "load", "mem"} {
		if v := m[k].(float64); v < 0 || (k != "load" && v > 1) {
			t.Errorf("%s = %v", k, v)
		}
	}
	expect(t, e.do(http.MethodGet, "/operator/metrics", vals("onlyStatus", "true")), 200, `{"status":"UP"}`)
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "overriddenServerStatus", "value", "DOWN")))
	expect(t, e.do(http.MethodGet, "/operator/metrics", vals("onlyStatus", "true")), 200, `{"status":"DOWN"}`)
	// Boolean.parseBoolean: anything but "true" is false, so the full answer.
	m = decode(t, e.do(http.MethodGet, "/operator/metrics", vals("onlyStatus", "no")))
	expectKeys(t, "metrics", m, metricKeys...)
}

func TestServersAndLeader(t *testing.T) {
	e := newEnv(t, time.Hour)
	m := decode(t, e.do(http.MethodGet, "/operator/servers", nil))
	servers := m["servers"].([]any)
	if len(servers) != 1 {
		t.Fatalf("servers %v", m)
	}
	s := servers[0].(map[string]any)
	expectKeys(t, "server", s, "ip", "servePort", "site", "weight", "adWeight", "alive", "lastRefTime", "lastRefTimeStr", "key")
	if s["ip"] != "10.1.1.1" || s["servePort"] != 8848.0 || s["alive"] != true || s["key"] != "10.1.1.1:8848" || s["site"] != "unknown" {
		t.Fatalf("server %v", s)
	}
	m = decode(t, e.do(http.MethodGet, "/raft/leader", nil))
	var leader map[string]any
	if err := json.Unmarshal([]byte(m["leader"].(string)), &leader); err != nil {
		t.Fatalf("leader is not JSON text: %v", m)
	}
	expectKeys(t, "leader", leader, "heartbeatDueMs", "ip", "leaderDueMs", "state", "term", "voteFor")
	if leader["state"] != "LEADER" || leader["ip"] != "10.1.1.1:8848" || leader["voteFor"] != "10.1.1.1:8848" {
		t.Fatalf("leader %v", leader)
	}
}

func TestSelfAddress(t *testing.T) {
	for addr, want := range map[string]string{
		"":               "127.0.0.1:8848",
		":9000":          "127.0.0.1:9000",
		"0.0.0.0:8848":   "127.0.0.1:8848",
		"10.0.0.5":       "10.0.0.5:8848",
		"[fe80::1]:8848": "fe80::1:8848",
	} {
		h := &handler{opts: Options{ServerAddr: addr}}
		ip, port := h.self()
		if got := ip + ":" + strconv.Itoa(port); got != want {
			t.Errorf("%q: %s, want %s", addr, got, want)
		}
	}
}
