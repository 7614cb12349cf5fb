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
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosgrpc "github.com/causeway-dev/causeway/api/nacos/grpc"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// fakeConns stands in for the Nacos gRPC server.
type fakeConns struct {
	conns []nacosgrpc.ConnInfo
	reset []string
}

func (f *fakeConns) Connections() []nacosgrpc.ConnInfo { return f.conns }
func (f *fakeConns) ResetConn(_ context.Context, id, redirect string) error {
	for _, c := range f.conns {
		if c.ID == id {
			f.reset = append(f.reset, id+"->"+redirect)
			return nil
		}
	}
	return registry.Errorf(registry.KindNotFound, "connection %s not found", id)
}

type coreFixture struct {
	t     testing.TB
	mux   *http.ServeMux
	st    *badger.Engine
	ns    *tenancy.Service
	conns *fakeConns
	ready bool
	level *slog.LevelVar
}

func newCoreFixture(t testing.TB) *coreFixture { t.Helper(); return newCoreFixtureWith(t, nil) }

// newCoreFixtureWith lets members, when set, join the fixture's store and
// name the cluster the core section lists.
func newCoreFixtureWith(t testing.TB, members func(store.Store) nacoswire.Cluster) *coreFixture {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ns, err := tenancy.New(context.Background(), st, tenancy.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	f := &coreFixture{t: t, st: st, ns: ns, ready: true, level: new(slog.LevelVar),
		conns: &fakeConns{conns: []nacosgrpc.ConnInfo{{ID: "1700000000000_10.0.0.9_5000", RemoteIP: "10.0.0.9",
			RemotePort: 5000, SetUp: true, Version: "Nacos-Java-Client:v3.1.0", Labels: map[string]string{"source": "sdk", "module": "naming"},
			Created: time.UnixMilli(1700000000000), LastActive: time.UnixMilli(1700000001000)},
			{ID: "1700000000001_10.0.0.9_5001", SetUp: false}}}}
	core := Core{Version: "9.9.9", Auth: true, HTTPAddr: "127.0.0.1:8848", Ready: func() bool { return f.ready },
		Level: f.level, Conns: f.conns, Plugins: func() []Plugin {
			return []Plugin{{Type: "auth", Name: "nacos", Enabled: true, Fixed: "--auth"}}
		}}
	if members != nil {
		core.Cluster = members(st)
	}
	f.mux = http.NewServeMux()
	httpx.Mount(f.mux, nil, Dialect(Deps{Namespaces: ns, Core: core}, Options{Logger: quiet}))
	return f
}

type coreAnswer struct {
	Status  int
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func (f *coreFixture) do(method, path string, v url.Values, body string) coreAnswer {
	f.t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path+"?"+v.Encode(), strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, r)
	var a coreAnswer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		f.t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
	}
	a.Status = w.Code
	return a
}

func kv(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}

const cb = coreBase

func TestCoreBadInput(t *testing.T) {
	cases := []struct {
		name   string
		method string
		path   string
		v      url.Values
		body   string
		status int
		code   int
	}{
		{"raft without command", "POST", cb + "/ops/raft", nil, "", 400, 10000},
		{"raft", "POST", cb + "/ops/raft", kv("command", "doSnapshot"), "", 501, 40001},
		{"log without name", "PUT", cb + "/ops/log", kv("logLevel", "INFO"), "", 400, 10000},
		{"log without level", "PUT", cb + "/ops/log", kv("logName", "core"), "", 400, 10000},
		{"log unknown level", "PUT", cb + "/ops/log", kv("logName", "core", "logLevel", "LOUD"), "", 400, 20002},
		{"node list bad state", "GET", cb + "/cluster/node/list?state=sleepy", nil, "", 400, 23000},
		{"node update empty", "PUT", cb + "/cluster/node/list", nil, "[]", 400, 10000},
		{"node update garbage", "PUT", cb + "/cluster/node/list", nil, "{", 400, 20002},
		{"node update", "PUT", cb + "/cluster/node/list", nil, `[{"ip":"1.2.3.4","port":8848}]`, 501, 40001},
		{"lookup without type", "PUT", cb + "/cluster/lookup", nil, "", 400, 10000},
		{"lookup unknown type", "PUT", cb + "/cluster/lookup", kv("type", "dns"), "", 400, 20002},
		{"lookup file", "PUT", cb + "/cluster/lookup", kv("type", "file"), "", 501, 40001},
		{"reloadCurrent without count", "POST", cb + "/loader/reloadCurrent", nil, "", 400, 10000},
		{"reloadCurrent bad count", "POST", cb + "/loader/reloadCurrent", kv("count", "x"), "", 400, 20002},
		{"reloadCurrent", "POST", cb + "/loader/reloadCurrent", kv("count", "1"), "", 501, 40001},
		{"smartReload bad factor", "POST", cb + "/loader/smartReloadCluster", kv("loaderFactor", "x"), "", 400, 20002},
		{"smartReload", "POST", cb + "/loader/smartReloadCluster", nil, "", 501, 40001},
		{"reloadClient without id", "POST", cb + "/loader/reloadClient", nil, "", 400, 10000},
		{"reloadClient unknown", "POST", cb + "/loader/reloadClient", kv("connectionId", "nope"), "", 404, 20004},
		{"reloadClient bad redirect", "POST", cb + "/loader/reloadClient", kv("connectionId", "1700000000000_10.0.0.9_5000", "redirectAddress", "host"), "", 400, 20002},
		{"namespace get without id", "GET", cb + "/namespace", nil, "", 400, 10000},
		{"namespace get unknown", "GET", cb + "/namespace?namespaceId=nope", nil, "", 404, 22001},
		{"namespace create without name", "POST", cb + "/namespace", kv("namespaceId", "a"), "", 400, 10000},
		{"namespace create bad id", "POST", cb + "/namespace", kv("namespaceId", "a b", "namespaceName", "a"), "", 400, 22000},
		{"namespace create public", "POST", cb + "/namespace", kv("namespaceId", "public", "namespaceName", "a"), "", 400, 22000},
		{"namespace create bad name", "POST", cb + "/namespace", kv("namespaceId", "ok", "namespaceName", "a@b"), "", 400, 22000},
		{"namespace update bad name", "PUT", cb + "/namespace", kv("namespaceId", "ok", "namespaceName", "a$b"), "", 400, 22000},
		{"namespace delete without id", "DELETE", cb + "/namespace", nil, "", 400, 10000},
		{"namespace check without id", "GET", cb + "/namespace/check", nil, "", 400, 10000},
		{"plugin detail without type", "GET", cb + "/plugin/detail?pluginName=nacos", nil, "", 400, 10000},
		{"plugin detail unknown", "GET", cb + "/plugin/detail?pluginType=auth&pluginName=ldap", nil, "", 404, 20004},
		{"plugin status without enabled", "PUT", cb + "/plugin/status", kv("pluginType", "auth", "pluginName", "nacos"), "", 400, 10000},
		{"plugin status bad enabled", "PUT", cb + "/plugin/status", kv("pluginType", "auth", "pluginName", "nacos", "enabled", "maybe"), "", 400, 20002},
		{"plugin status", "PUT", cb + "/plugin/status", kv("pluginType", "auth", "pluginName", "nacos", "enabled", "false"), "", 501, 40001},
		{"plugin config", "PUT", cb + "/plugin/config", kv("pluginType", "auth", "pluginName", "nacos"), "", 501, 40001},
		{"plugin availability unknown", "GET", cb + "/plugin/availability?pluginType=wasm&pluginName=x", nil, "", 404, 20004},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newCoreFixture(t)
			before := len(f.ns.List())
			a := f.do(tc.method, tc.path, tc.v, tc.body)
			if a.Status != tc.status || a.Code != tc.code {
				t.Fatalf("%d %d %s %s, want %d %d", a.Status, a.Code, a.Message, a.Data, tc.status, tc.code)
			}
			if n := len(f.ns.List()); n != before {
				t.Errorf("namespaces %d -> %d", before, n)
			}
			if len(f.conns.reset) != 0 {
				t.Errorf("reset %v", f.conns.reset)
			}
			if f.level.Level() != slog.LevelInfo {
				t.Errorf("level moved to %v", f.level.Level())
			}
		})
	}
}

func TestCoreAnswers(t *testing.T) {
	f := newCoreFixture(t)
	a := f.do("GET", cb+"/state", nil, "")
	var state map[string]*string
	_ = json.Unmarshal(a.Data, &state)
	if a.Code != 0 || *state["version"] != "9.9.9" || *state["auth_enabled"] != "true" ||
		*state["standalone_mode"] != "standalone" || *state["server_port"] != "8848" {
		t.Errorf("state %s", a.Data)
	}
	for _, p := range []string{"/state/liveness", "/state/readiness", "/ops/readiness"} {
		if a := f.do("GET", cb+p, nil, ""); a.Status != 200 || string(a.Data) != `"ok"` {
			t.Errorf("%s: %d %s", p, a.Status, a.Data)
		}
	}
	f.ready = false
	for _, p := range []string{"/state/readiness", "/ops/readiness"} {
		if a := f.do("GET", cb+p, nil, ""); a.Status != 500 || a.Code != 30000 {
			t.Errorf("%s not ready: %d %d", p, a.Status, a.Code)
		}
	}
	if a := f.do("GET", cb+"/cluster/node/self", nil, ""); !strings.Contains(string(a.Data), `"state":"STARTING"`) {
		t.Errorf("self while starting %s", a.Data)
	}
	f.ready = true
	a = f.do("GET", cb+"/cluster/node/list", nil, "")
	var nodes []member
	_ = json.Unmarshal(a.Data, &nodes)
	if len(nodes) != 1 || nodes[0].Address != "127.0.0.1:8848" || nodes[0].State != "UP" {
		t.Errorf("nodes %s", a.Data)
	}
	for q, n := range map[string]int{"address=127.": 1, "address=10.": 0, "state=up": 1, "state=DOWN": 0} {
		_ = json.Unmarshal(f.do("GET", cb+"/cluster/node/list?"+q, nil, "").Data, &nodes)
		if len(nodes) != n {
			t.Errorf("%s: %d nodes", q, len(nodes))
		}
	}
	if a := f.do("GET", cb+"/ops/ids", nil, ""); string(a.Data) != "[]" {
		t.Errorf("ids %s", a.Data)
	}
	if a := f.do("PUT", cb+"/ops/log", kv("logName", "core-auth", "logLevel", "debug"), ""); a.Code != 0 ||
		f.level.Level() != slog.LevelDebug {
		t.Errorf("log %d %v", a.Code, f.level.Level())
	}
	a = f.do("GET", cb+"/loader/current", nil, "")
	var conns map[string]connectionInfo
	_ = json.Unmarshal(a.Data, &conns)
	c, ok := conns["1700000000000_10.0.0.9_5000"]
	if len(conns) != 1 || !ok || c.MetaInfo.ConnectType != "GRPC" || c.MetaInfo.RemotePort != 5000 ||
		c.MetaInfo.CreateTime != 1700000000000 {
		t.Errorf("current %s", a.Data)
	}
	a = f.do("GET", cb+"/loader/cluster", nil, "")
	var m serverLoaderMetrics
	_ = json.Unmarshal(a.Data, &m)
	if m.MemberCount != 1 || m.Total != 1 || len(m.Detail) != 1 || m.Detail[0].ConCount != 1 {
		t.Errorf("cluster %s", a.Data)
	}
	if a := f.do("POST", cb+"/loader/reloadClient", kv("connectionId", "1700000000000_10.0.0.9_5000",
		"redirectAddress", "10.1.1.1:8848"), ""); a.Code != 0 || len(f.conns.reset) != 1 ||
		f.conns.reset[0] != "1700000000000_10.0.0.9_5000->10.1.1.1:8848" {
		t.Errorf("reloadClient %d %v", a.Code, f.conns.reset)
	}
	// namespaces: create, read, check, update, delete
	if a := f.do("POST", cb+"/namespace", kv("namespaceId", "dev", "namespaceName", "Dev", "namespaceDesc", "d"), ""); string(a.Data) != "true" {
		t.Fatalf("create %d %s", a.Status, a.Data)
	}
	if a := f.do("POST", cb+"/namespace", kv("namespaceName", "generated"), ""); string(a.Data) != "true" ||
		len(f.ns.List()) != 3 {
		t.Errorf("create with a generated id %d %s", a.Status, a.Data)
	}
	if a := f.do("GET", cb+"/namespace/check?namespaceId=dev", nil, ""); string(a.Data) != "1" {
		t.Errorf("check %s", a.Data)
	}
	if a := f.do("GET", cb+"/namespace/check?namespaceId=nope", nil, ""); string(a.Data) != "0" {
		t.Errorf("check unknown %s", a.Data)
	}
	if a := f.do("PUT", cb+"/namespace", kv("namespaceId", "dev", "namespaceName", "Dev2"), ""); string(a.Data) != "true" {
		t.Errorf("update %s", a.Data)
	}
	if a := f.do("GET", cb+"/namespace?namespaceId=dev", nil, ""); !strings.Contains(string(a.Data), `"namespaceShowName":"Dev2"`) {
		t.Errorf("get %s", a.Data)
	}
	if a := f.do("GET", cb+"/namespace/list", nil, ""); !strings.Contains(string(a.Data), `"dev"`) {
		t.Errorf("list %s", a.Data)
	}
	if a := f.do("DELETE", cb+"/namespace", kv("namespaceId", "dev"), ""); string(a.Data) != "true" || f.ns.Exists("dev") {
		t.Errorf("delete %s", a.Data)
	}
	if a := f.do("GET", cb+"/plugin/list?pluginType=auth", nil, ""); !strings.Contains(string(a.Data), `"pluginName":"nacos"`) {
		t.Errorf("plugins %s", a.Data)
	}
	if a := f.do("GET", cb+"/plugin/list?pluginType=control", nil, ""); string(a.Data) != "[]" {
		t.Errorf("control plugins %s", a.Data)
	}
	if a := f.do("GET", cb+"/plugin/availability?pluginType=auth&pluginName=nacos", nil, ""); string(a.Data) != `{"127.0.0.1:8848":true}` {
		t.Errorf("availability %s", a.Data)
	}
}

// The state says standalone on Badger and cluster on etcd, with the store.
func TestCoreStateNamesTheStore(t *testing.T) {
	for store, want := range map[string][2]string{"": {"standalone", "badger"}, "badger": {"standalone", "badger"}, "etcd": {"cluster", "etcd"}} {
		a := &api{deps: Deps{Core: Core{Store: store, HTTPAddr: ":8848"}}}
		got, err := a.serverState(nil, httpx.Params{})
		m, _ := got.(map[string]any)
		if err != nil || m["standalone_mode"] != want[0] || m["startup_mode"] != want[0] || m["datasource_platform"] != want[1] {
			t.Errorf("store %q: %v %v", store, got, err)
		}
	}
}
