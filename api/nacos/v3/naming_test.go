package v3

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// nsFixture is the admin API over a naming registry on an in-memory
// Badger store, without authentication.
type nsFixture struct {
	t   *testing.T
	reg *naming.Registry
	mux *http.ServeMux
}

func newNSFixture(t *testing.T) *nsFixture {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, Dialect(Deps{Naming: reg}, Options{Logger: quiet}))
	return &nsFixture{t: t, reg: reg, mux: mux}
}

func nsVals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// do sends params in the query for GET and as a form otherwise, and
// answers the status and the envelope.
func (f *nsFixture) do(method, path string, params url.Values) (int, map[string]any) {
	f.t.Helper()
	target, body := namingBase+path, io.Reader(nil)
	if method == http.MethodGet {
		target += "?" + params.Encode()
	} else {
		body = strings.NewReader(params.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	var env map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		f.t.Fatalf("%s %s: %q is not an envelope", method, path, rec.Body.String())
	}
	return rec.Code, env
}

// ok requires success and answers data.
func (f *nsFixture) ok(method, path string, params url.Values) any {
	f.t.Helper()
	status, env := f.do(method, path, params)
	if status != http.StatusOK || env["code"] != float64(0) {
		f.t.Fatalf("%s %s %v: %d %v", method, path, params, status, env)
	}
	return env["data"]
}

// state renders everything the registry holds in namespace public, to
// show that a refused request wrote nothing.
func (f *nsFixture) state() string {
	f.t.Helper()
	var b strings.Builder
	for _, k := range f.reg.SearchServices(naming.DefaultNamespace, "", "") {
		v, err := f.reg.GetService(k)
		if err != nil {
			continue
		}
		js, _ := json.Marshal(v.Service)
		b.Write(js)
		for _, in := range v.Instances {
			js, _ = json.Marshal(in)
			b.Write(js)
		}
	}
	sw, _ := f.reg.GetSwitches(context.Background())
	js, _ := json.Marshal(sw)
	b.Write(js)
	return b.String()
}

// seed makes a persistent service "orders" with one persistent instance.
func (f *nsFixture) seed() {
	f.t.Helper()
	f.ok(http.MethodPost, "/service", nsVals("serviceName", "orders", "metadata", `{"team":"a"}`))
	f.ok(http.MethodPost, "/instance", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80",
		"ephemeral", "false", "metadata", `{"v":"1"}`))
}

func TestNamingServiceLifeCycle(t *testing.T) {
	f := newNSFixture(t)
	f.seed()
	f.ok(http.MethodPut, "/service", nsVals("serviceName", "orders", "protectThreshold", "0.5",
		"metadata", `{"team":"b"}`, "selector", `{"type":"label","expression":"a=b"}`))
	d := f.ok(http.MethodGet, "/service", nsVals("serviceName", "orders")).(map[string]any)
	if d["namespaceId"] != "public" || d["groupName"] != "DEFAULT_GROUP" || d["protectThreshold"] != 0.5 ||
		d["ephemeral"] != false || d["metadata"].(map[string]any)["team"] != "b" ||
		d["selector"].(map[string]any)["type"] != "label" {
		t.Errorf("detail %v", d)
	}
	cm := d["clusterMap"].(map[string]any)["DEFAULT"].(map[string]any)
	if cm["healthyCheckPort"] != float64(80) || cm["useInstancePortForCheck"] != true || cm["hosts"] != nil {
		t.Errorf("cluster %v", cm)
	}
	f.ok(http.MethodPost, "/service", nsVals("serviceName", "empty"))
	page := f.ok(http.MethodGet, "/service/list", nsVals("serviceNameParam", "ord*")).(map[string]any)
	if page["totalCount"] != float64(1) || page["pagesAvailable"] != float64(1) {
		t.Errorf("list %v", page)
	}
	page = f.ok(http.MethodGet, "/service/list", nsVals("ignoreEmptyService", "false", "pageSize", "1", "pageNo", "2")).(map[string]any)
	items := page["pageItems"].([]any)
	if page["totalCount"] != float64(2) || len(items) != 1 || items[0].(map[string]any)["name"] != "orders" ||
		items[0].(map[string]any)["ipCount"] != float64(1) {
		t.Errorf("page 2 %v", page)
	}
	page = f.ok(http.MethodGet, "/service/list", nsVals("withInstances", "true", "serviceNameParam", "orders")).(map[string]any)
	hosts := page["pageItems"].([]any)[0].(map[string]any)["clusterMap"].(map[string]any)["DEFAULT"].(map[string]any)["hosts"].([]any)
	if len(hosts) != 1 || hosts[0].(map[string]any)["ip"] != "10.0.0.1" {
		t.Errorf("with instances %v", page)
	}
	if got := f.ok(http.MethodGet, "/service/selector/types", nil); len(got.([]any)) != 2 {
		t.Errorf("selector types %v", got)
	}
	f.ok(http.MethodDelete, "/service", nsVals("serviceName", "empty"))
}

func TestNamingInstanceLifeCycle(t *testing.T) {
	f := newNSFixture(t)
	f.seed()
	f.ok(http.MethodPut, "/instance", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80",
		"ephemeral", "false", "weight", "3", "enabled", "false", "metadata", `{"w":"x"}`))
	f.ok(http.MethodPut, "/instance/partial", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80",
		"metadata", `{"z":"1"}`))
	in := f.ok(http.MethodGet, "/instance", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80")).(map[string]any)
	md := in["metadata"].(map[string]any)
	if in["weight"] != float64(3) || in["enabled"] != false || md["v"] != "1" || md["w"] != "x" || md["z"] != "1" {
		t.Errorf("after update and partial update %v", in)
	}
	res := f.ok(http.MethodPut, "/instance/metadata/batch", nsVals("serviceName", "orders", "consistencyType", "persist",
		"metadata", `{"b":"2"}`)).(map[string]any)
	if u := res["updated"].([]any); len(u) != 1 || u[0] != "10.0.0.1:80:unknown:DEFAULT:persist" {
		t.Errorf("batch %v", res)
	}
	f.ok(http.MethodPut, "/health/instance", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80", "healthy", "false"))
	if l := f.ok(http.MethodGet, "/instance/list", nsVals("serviceName", "orders", "healthyOnly", "true")).([]any); len(l) != 0 {
		t.Errorf("healthy only %v", l)
	}
	f.ok(http.MethodPut, "/cluster", nsVals("serviceName", "orders", "clusterName", "DEFAULT", "checkPort", "81",
		"useInstancePort4Check", "false", "healthChecker", `{"type":"NONE"}`, "metadata", `{"k":"v"}`))
	d := f.ok(http.MethodGet, "/service", nsVals("serviceName", "orders")).(map[string]any)
	cm := d["clusterMap"].(map[string]any)["DEFAULT"].(map[string]any)
	if cm["healthyCheckPort"] != float64(81) || cm["useInstancePortForCheck"] != false || cm["metadata"].(map[string]any)["k"] != "v" {
		t.Errorf("cluster after update %v", cm)
	}
	id := "10.0.0.1:80#false"
	if l := f.ok(http.MethodGet, "/client/list", nil).([]any); len(l) != 1 || l[0] != id {
		t.Errorf("clients %v", l)
	}
	c := f.ok(http.MethodGet, "/client", nsVals("clientId", id)).(map[string]any)
	if c["clientType"] != "ipPort" || c["ephemeral"] != false || c["connectType"] != nil {
		t.Errorf("client %v", c)
	}
	pubs := f.ok(http.MethodGet, "/client/service/publisher/list", nsVals("serviceName", "orders", "port", "null")).([]any)
	if len(pubs) != 1 || pubs[0].(map[string]any)["clientId"] != id {
		t.Errorf("publishers %v", pubs)
	}
	m := f.ok(http.MethodGet, "/ops/metrics", nsVals("onlyStatus", "false")).(map[string]any)
	if m["status"] != "UP" || m["serviceCount"] != float64(1) || m["persistentIpPortClientCount"] != float64(1) {
		t.Errorf("metrics %v", m)
	}
	if m := f.ok(http.MethodGet, "/ops/metrics", nil).(map[string]any); m["serviceCount"] != nil {
		t.Errorf("status only %v", m)
	}
	f.ok(http.MethodDelete, "/instance", nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80", "ephemeral", "false"))
}

func TestNamingSwitches(t *testing.T) {
	f := newNSFixture(t)
	sw := f.ok(http.MethodGet, "/ops/switches", nil).(map[string]any)
	if sw["name"] != "00-00---000-NACOS_SWITCH_DOMAIN-000---00-00" || sw["defaultInstanceEphemeral"] != true {
		t.Errorf("defaults %v", sw)
	}
	f.ok(http.MethodPut, "/ops/switches", nsVals("entry", "defaultInstanceEphemeral", "value", "false"))
	f.ok(http.MethodPut, "/ops/switches", nsVals("entry", "overriddenServerStatus", "value", "DOWN"))
	f.ok(http.MethodPut, "/ops/switches", nsVals("entry", "noSuchEntry", "value", "x"))
	if sw := f.ok(http.MethodGet, "/ops/switches", nil).(map[string]any); sw["defaultInstanceEphemeral"] != false ||
		sw["overriddenServerStatus"] != "DOWN" {
		t.Errorf("after update %v", sw)
	}
	// The switch decides the kind of an instance that does not say.
	f.ok(http.MethodPost, "/instance", nsVals("serviceName", "s", "ip", "10.0.0.5", "port", "1"))
	if in := f.ok(http.MethodGet, "/instance", nsVals("serviceName", "s", "ip", "10.0.0.5", "port", "1")).(map[string]any); in["ephemeral"] != false {
		t.Errorf("instance %v", in)
	}
	if m := f.ok(http.MethodGet, "/ops/metrics", nil).(map[string]any); m["status"] != "DOWN" {
		t.Errorf("metrics %v", m)
	}
}

// TestNamingBadInput: every route refuses bad input with Nacos's status
// and code, writes nothing, and never answers 500.
func TestNamingBadInput(t *testing.T) {
	inst := func(kv ...string) url.Values {
		v := nsVals("serviceName", "orders", "ip", "10.0.0.1", "port", "80", "ephemeral", "false")
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name, method, path string
		params             url.Values
		status, code       int
	}{
		{"create no name", "POST", "/service", nil, 400, 10000},
		{"create bad name", "POST", "/service", nsVals("serviceName", "a@@b"), 400, 21000},
		{"create exists", "POST", "/service", nsVals("serviceName", "orders"), 400, 21007},
		{"create bad selector", "POST", "/service", nsVals("serviceName", "x", "selector", `{"type":"cmdb"}`), 400, 21006},
		{"create null selector", "POST", "/service", nsVals("serviceName", "x", "selector", "null"), 400, 21006},
		{"create bad metadata", "POST", "/service", nsVals("serviceName", "x", "metadata", "{"), 400, 21002},
		{"create bad threshold", "POST", "/service", nsVals("serviceName", "x", "protectThreshold", "lots"), 400, 20002},
		{"create bad ephemeral", "POST", "/service", nsVals("serviceName", "x", "ephemeral", "maybe"), 400, 20002},
		{"update missing", "PUT", "/service", nsVals("serviceName", "none"), 400, 21008},
		{"delete missing", "DELETE", "/service", nsVals("serviceName", "none"), 400, 21008},
		{"delete not empty", "DELETE", "/service", nsVals("serviceName", "orders"), 400, 21009},
		{"detail missing", "GET", "/service", nsVals("serviceName", "none"), 400, 21008},
		{"list page 0", "GET", "/service/list", nsVals("pageNo", "0"), 400, 20002},
		{"list size 0", "GET", "/service/list", nsVals("pageSize", "0"), 400, 20002},
		{"list size huge", "GET", "/service/list", nsVals("pageSize", "99999999999"), 400, 20002},
		{"list bad namespace", "GET", "/service/list", nsVals("namespaceId", "a b"), 400, 22000},
		{"subscribers no name", "GET", "/service/subscribers", nil, 400, 10000},
		{"subscribers bad page", "GET", "/service/subscribers", nsVals("serviceName", "orders", "pageNo", "-1"), 400, 20002},
		{"register no ip", "POST", "/instance", nsVals("serviceName", "orders", "port", "80"), 400, 10000},
		{"register no port", "POST", "/instance", nsVals("serviceName", "orders", "ip", "10.0.0.2"), 400, 10000},
		{"register bad port", "POST", "/instance", inst("port", "70000"), 400, 20002},
		{"register text port", "POST", "/instance", inst("port", "eighty"), 400, 20002},
		{"register bad weight", "POST", "/instance", inst("ip", "10.0.0.2", "weight", "10001"), 400, 21001},
		{"register bad cluster", "POST", "/instance", inst("ip", "10.0.0.2", "clusterName", "a b"), 400, 21004},
		{"register bad metadata", "POST", "/instance", inst("ip", "10.0.0.2", "metadata", "[1]"), 400, 21002},
		{"register bad ip", "POST", "/instance", inst("ip", "not an ip!"), 400, 20002},
		{"update no service", "PUT", "/instance", nsVals("serviceName", "none", "ip", "10.0.0.1", "port", "80"), 400, 21004},
		{"partial missing", "PUT", "/instance/partial", inst("ip", "10.0.0.9"), 404, 20004},
		{"partial bad weight", "PUT", "/instance/partial", inst("weight", "-1"), 400, 21001},
		{"detail missing", "GET", "/instance", inst("ip", "10.0.0.9"), 404, 20004},
		{"list no service", "GET", "/instance/list", nsVals("serviceName", "none"), 404, 30000},
		{"list no cluster", "GET", "/instance/list", nsVals("serviceName", "orders", "clusterName", "C2"), 404, 30000},
		{"batch no metadata", "PUT", "/instance/metadata/batch", nsVals("serviceName", "orders"), 400, 10000},
		{"batch bad instances", "PUT", "/instance/metadata/batch", nsVals("serviceName", "orders", "metadata", `{"a":"b"}`,
			"instances", "{"), 400, 20002},
		{"batch bad port", "DELETE", "/instance/metadata/batch", nsVals("serviceName", "orders", "metadata", `{"a":"b"}`,
			"instances", `[{"ip":"10.0.0.1","port":"x"}]`), 400, 20002},
		{"batch missing service", "PUT", "/instance/metadata/batch", nsVals("serviceName", "none", "metadata", `{"a":"b"}`), 400, 21008},
		{"health no healthy", "PUT", "/health/instance", inst(), 400, 10000},
		{"health bad healthy", "PUT", "/health/instance", inst("healthy", "sick"), 400, 20002},
		{"cluster no port", "PUT", "/cluster", nsVals("serviceName", "orders", "clusterName", "DEFAULT"), 400, 10000},
		{"cluster no checker", "PUT", "/cluster", nsVals("serviceName", "orders", "clusterName", "DEFAULT", "checkPort", "1",
			"useInstancePort4Check", "true"), 400, 10000},
		{"cluster tcp", "PUT", "/cluster", nsVals("serviceName", "orders", "clusterName", "DEFAULT", "checkPort", "1",
			"useInstancePort4Check", "true", "healthChecker", `{"type":"TCP"}`), 400, 20002},
		{"cluster bad checker", "PUT", "/cluster", nsVals("serviceName", "orders", "clusterName", "DEFAULT", "checkPort", "1",
			"useInstancePort4Check", "true", "healthChecker", `nope`), 400, 20002},
		{"cluster bad name", "PUT", "/cluster", nsVals("serviceName", "orders", "clusterName", "a b", "checkPort", "1",
			"useInstancePort4Check", "true", "healthChecker", `{"type":"NONE"}`), 400, 20002},
		{"cluster missing service", "PUT", "/cluster", nsVals("serviceName", "none", "clusterName", "DEFAULT", "checkPort", "1",
			"useInstancePort4Check", "true", "healthChecker", `{"type":"NONE"}`), 400, 30000},
		{"client no id", "GET", "/client", nil, 400, 10000},
		{"client missing", "GET", "/client", nsVals("clientId", "1.1.1.1:1#true"), 404, 20004},
		{"client published missing", "GET", "/client/publish/list", nsVals("clientId", "x"), 404, 20004},
		{"client subscribed missing", "GET", "/client/subscribe/list", nsVals("clientId", "x"), 404, 20004},
		{"publishers no name", "GET", "/client/service/publisher/list", nil, 400, 10000},
		{"subscribers bad port", "GET", "/client/service/subscriber/list", nsVals("serviceName", "orders", "port", "p"), 400, 20002},
		{"metrics bad flag", "GET", "/ops/metrics", nsVals("onlyStatus", "perhaps"), 400, 20002},
		{"log no name", "PUT", "/ops/log", nsVals("logLevel", "INFO"), 400, 10000},
		{"log no level", "PUT", "/ops/log", nsVals("logName", "naming-server"), 400, 10000},
		{"log bad level", "PUT", "/ops/log", nsVals("logName", "naming-server", "logLevel", "LOUD"), 400, 20002},
		{"switch no entry", "PUT", "/ops/switches", nsVals("value", "1"), 400, 10000},
		{"switch no value", "PUT", "/ops/switches", nsVals("entry", "check"), 400, 10000},
		{"switch bad bool", "PUT", "/ops/switches", nsVals("entry", "check", "value", "nope"), 400, 20002},
		{"switch bad number", "PUT", "/ops/switches", nsVals("entry", "clientBeatInterval", "value", "soon"), 400, 20002},
		{"switch zero interval", "PUT", "/ops/switches", nsVals("entry", "clientBeatInterval", "value", "0"), 400, 20002},
		{"switch small cache", "PUT", "/ops/switches", nsVals("entry", "defaultCacheMillis", "value", "10"), 400, 20002},
		{"switch bad debug", "PUT", "/ops/switches", nsVals("entry", "check", "value", "true", "debug", "perhaps"), 400, 20002},
		{"log not applicable", "PUT", "/ops/log", nsVals("logName", "naming-server", "logLevel", "DEBUG"), 501, 40001},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newNSFixture(t)
			f.seed()
			before := f.state()
			status, env := f.do(tc.method, tc.path, tc.params)
			if status != tc.status || env["code"] != float64(tc.code) {
				t.Errorf("got %d %v, want %d code %d", status, env, tc.status, tc.code)
			}
			if after := f.state(); after != before {
				t.Errorf("the refused request wrote:\n%s\n%s", before, after)
			}
		})
	}
}

// FuzzNamingParsers: the selector and batch-instance parsers take any text
// without panicking.
func FuzzNamingParsers(f *testing.F) {
	for _, s := range []string{"", "null", `{"type":"label","expression":"a=b"}`, `[{"ip":"1.2.3.4","port":80}]`,
		`[{"ip":"1.2.3.4","port":"x","ephemeral":"maybe"}]`, "%zz", `{"type":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sel, err := nsParseSelector(s); err == nil && sel.Type != "none" && sel.Type != "label" {
			t.Errorf("%q read as %+v", s, sel)
		}
		if ts, err := nacosform.ParseTargets(s, true); err == nil {
			for _, tg := range ts {
				if tg.IP == "" || tg.Cluster == "" {
					t.Errorf("%q read as %+v", s, tg)
				}
			}
		}
	})
}
