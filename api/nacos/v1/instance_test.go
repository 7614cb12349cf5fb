package v1

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

var hostKeys = []string{
	"instanceId", "ip", "port", "weight", "healthy", "enabled", "ephemeral", "clusterName", "serviceName",
	"metadata", "instanceHeartBeatInterval", "instanceHeartBeatTimeOut", "ipDeleteTimeout",
	"instanceIdGenerator", "valid", "marked",
}

var serviceInfoKeys = []string{
	"name", "groupName", "clusters", "cacheMillis", "hosts", "lastRefTime", "checksum", "allIPs",
	"reachProtectionThreshold", "valid", "dom", "useSpecifiedURL", "env",
}

func TestRegisterAndListShape(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "orders", "ip", "10.0.0.1", "port", "8080", "weight", "2.5",
		"metadata", `{"version":"1.0","n":3}`, "clusterName", "c1")

	m := decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "orders")))
	expectKeys(t, "instance list", m, serviceInfoKeys...)
	want := map[string]any{
		"name": "DEFAULT_GROUP@@orders", "groupName": "DEFAULT_GROUP", "clusters": "", "cacheMillis": 3000.0,
		"allIPs": false, "reachProtectionThreshold": false, "valid": true, "dom": "DEFAULT_GROUP@@orders",
		"useSpecifiedURL": false, "env": "",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if m["checksum"] == "" || m["lastRefTime"].(float64) <= 0 {
		t.Errorf("checksum %v lastRefTime %v", m["checksum"], m["lastRefTime"])
	}
	hosts := m["hosts"].([]any)
	if len(hosts) != 1 {
		t.Fatalf("hosts %v", hosts)
	}
	h := hosts[0].(map[string]any)
	expectKeys(t, "host", h, hostKeys...)
	wantHost := map[string]any{
		"instanceId": "10.0.0.1#8080#c1#DEFAULT_GROUP@@orders", "ip": "10.0.0.1", "port": 8080.0, "weight": 2.5,
		"healthy": true, "enabled": true, "ephemeral": true, "clusterName": "c1",
		"serviceName": "DEFAULT_GROUP@@orders", "instanceHeartBeatInterval": 5000.0,
		"instanceHeartBeatTimeOut": 15000.0, "ipDeleteTimeout": 30000.0, "instanceIdGenerator": "simple",
		"valid": true, "marked": false,
	}
	for k, v := range wantHost {
		if h[k] != v {
			t.Errorf("host %s = %v, want %v", k, h[k], v)
		}
	}
	md := h["metadata"].(map[string]any)
	if md["version"] != "1.0" || md["n"] != "3" || len(md) != 2 {
		t.Errorf("metadata %v", md)
	}
}

func TestRegisterDefaultsAndGroupedNames(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "plain", "ip", "10.0.0.1", "port", "80")
	in, err := e.reg.GetInstance(naming.InstanceRef{
		Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "plain"},
		IP:      "10.0.0.1", Port: 80, Cluster: "DEFAULT",
	})
	if err != nil {
		t.Fatal(err)
	}
	if in.Weight != 1 || !in.Enabled || !in.Healthy || !in.Ephemeral {
		t.Fatalf("defaults: %+v", in)
	}

	// A grouped serviceName brings its group; a groupName beside it is
	// ignored, as Nacos's ServiceNameFilter does.
	e.register("serviceName", "g1@@svc", "groupName", "other", "ip", "10.0.0.2", "port", "80",
		"namespaceId", "dev", "enable", "false", "healthy", "false", "cluster", "old")
	k := naming.ServiceKey{Namespace: "dev", Group: "g1", Name: "svc"}
	in, err = e.reg.GetInstance(naming.InstanceRef{Service: k, IP: "10.0.0.2", Port: 80, Cluster: "old"})
	if err != nil {
		t.Fatal(err)
	}
	if in.Enabled || in.Healthy {
		t.Fatalf("enable=false healthy=false not honoured: %+v", in)
	}
	// The same service reached with group and name apart.
	m := decode(t, e.do(http.MethodGet, "/instance/list",
		vals("serviceName", "svc", "groupName", "g1", "namespaceId", "dev")))
	if m["name"] != "g1@@svc" {
		t.Fatalf("name %v", m["name"])
	}
}

func TestDefaultInstanceEphemeralSwitchTakesEffect(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "defaultInstanceEphemeral", "value", "false")))
	e.register("serviceName", "p", "ip", "10.0.0.1", "port", "80")
	m := decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "p")))
	if eph := m["hosts"].([]any)[0].(map[string]any)["ephemeral"]; eph != false {
		t.Fatalf("instance registered without ephemeral is ephemeral=%v with the switch off", eph)
	}
}

func TestEphemeralAndPersistentDoNotMix(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "mixed", "ip", "10.0.0.1", "port", "80")
	before := e.snapshot()
	expect(t, e.do(http.MethodPost, "/instance", vals("serviceName", "mixed", "ip", "10.0.0.2", "port", "80", "ephemeral", "false")),
		400, "Current service DEFAULT_GROUP@@mixed is ephemeral service, can't register persistent instance.")
	e.expectUnchanged(before)

	// A service created over the API is persistent, as in Nacos.
	e.ok(e.do(http.MethodPost, "/service", vals("serviceName", "made")))
	before = e.snapshot()
	expect(t, e.do(http.MethodPost, "/instance", vals("serviceName", "made", "ip", "10.0.0.1", "port", "80")),
		400, "Current service DEFAULT_GROUP@@made is persistent service, can't register ephemeral instance.")
	e.expectUnchanged(before)
	e.register("serviceName", "made", "ip", "10.0.0.1", "port", "80", "ephemeral", "false")
}

func TestRegisterRefusesBadInput(t *testing.T) {
	good := vals("serviceName", "svc", "ip", "10.0.0.1", "port", "8080")
	cases := []struct {
		name   string
		params url.Values
		status int
		body   string
	}{
		{"no serviceName", with(good, "serviceName", ""), 400, "Param 'serviceName' is required."},
		{"no ip", with(good, "ip", ""), 400, "Param 'ip' is required."},
		{"no port", with(good, "port", ""), 400, "Param 'port' is required."},
		{"port not a number", with(good, "port", "http"), 400, "Param 'port' is illegal, the value should be between 1 and 65535."},
		{"port zero", with(good, "port", "0"), 400, "Param 'port' is illegal, the value should be between 1 and 65535."},
		{"port too big", with(good, "port", "65536"), 400, "Param 'port' is illegal, the value should be between 1 and 65535."},
		{"weight not a number", with(good, "weight", "heavy"), 400, `For input string: "heavy"`},
		{"weight negative", with(good, "weight", "-1"), 400, "instance format invalid: The weights range from 0.0 to 10000.0"},
		{"weight too big", with(good, "weight", "10001"), 400, "instance format invalid: The weights range from 0.0 to 10000.0"},
		{"metadata malformed", with(good, "metadata", "a"), 400, "metadata format incorrect:a"},
		{"metadata nested", with(good, "metadata", `{"a":{"b":1}}`), 400, `metadata format incorrect:{"a":{"b":1}}`},
		{"beat interval over timeout", with(good, "metadata", `{"preserved.heart.beat.interval":"20000"}`), 400,
			"Instance 'heart beat interval' must less than 'heart beat timeout' and 'ip delete timeout'."},
		{"cluster name", with(good, "clusterName", "bad_cluster"), 400,
			"Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: bad_cluster)"},
		{"service name blank after group", with(good, "serviceName", "g@@"), 400,
			"Param 'serviceName' is illegal, it should be format as 'groupName@@serviceName'"},
		{"service name empty group", with(good, "serviceName", "@@svc"), 400,
			"Param 'serviceName' is illegal, groupName can't be empty"},
		{"service name space", with(good, "serviceName", "a b"), 400,
			"Param 'serviceName' is illegal, illegal characters should not appear in the param."},
		{"service name three parts", with(good, "serviceName", "a@@b@@c"), 400,
			"Param 'serviceName' is illegal, illegal characters should not appear in the param."},
		{"ip", with(good, "ip", "10.0.0.1;rm"), 400, `Param 'ip' is illegal, "10.0.0.1;rm" is not an IP address or host name.`},
		{"healthy", with(good, "healthy", "maybe"), 400, `Param 'healthy' is illegal, "maybe" is not a valid boolean.`},
		{"enabled", with(good, "enabled", "yeah"), 400, `Param 'enabled' is illegal, "yeah" is not a valid boolean.`},
		{"ephemeral", with(good, "ephemeral", "1"), 400, `Param 'ephemeral' is illegal, "1" is not a valid boolean.`},
		{"namespace", with(good, "namespaceId", "bad ns"), 400,
			"Param 'namespaceId' is illegal, illegal characters should not appear in the param."},
		{"group", with(good, "groupName", "bad/group"), 400,
			"Param 'groupName' is illegal, illegal characters should not appear in the param."},
	}
	e := newEnv(t, time.Hour)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot()
			expect(t, e.do(http.MethodPost, "/instance", c.params), c.status, c.body)
			e.expectUnchanged(before)
			if s, i := e.reg.Counts(); s != 0 || i != 0 {
				t.Fatalf("counts %d %d after a refused register", s, i)
			}
		})
	}
}

func TestDeregister(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")
	// nacos-sdk-go sends DELETE parameters in the query, ephemeral=false by
	// default: the instance goes anyway.
	e.ok(e.doQuery(http.MethodDelete, "/instance",
		vals("serviceName", "DEFAULT_GROUP@@svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1", "ephemeral", "false")))
	if _, i := e.reg.Counts(); i != 0 {
		t.Fatalf("%d instances after deregister", i)
	}
	// Deregistering what is gone is fine.
	e.ok(e.do(http.MethodDelete, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")))
	expect(t, e.do(http.MethodDelete, "/instance", vals("serviceName", "svc", "port", "80")),
		400, "Param 'ip' is required.")
	expect(t, e.do(http.MethodDelete, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "x")),
		400, "Param 'port' is illegal, the value should be between 1 and 65535.")
	expect(t, e.do(http.MethodDelete, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "ephemeral", "nope")),
		400, `Param 'ephemeral' is illegal, "nope" is not a valid boolean.`)
}

// TestInstanceFlagsReadAsConvertUtils: HttpRequestInstanceBuilder reads
// healthy, enabled and ephemeral with ConvertUtils.toBoolean's words.
func TestInstanceFlagsReadAsConvertUtils(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "healthy", "N", "enabled", "yes", "ephemeral", "off")
	e.register("serviceName", "eph", "ip", "10.0.0.1", "port", "80", "healthy", "t", "enabled", "F", "ephemeral", "On")
	for name, want := range map[string][3]bool{"svc": {false, true, false}, "eph": {true, false, true}} {
		in, err := e.reg.GetInstance(naming.InstanceRef{Service: naming.ServiceKey{Namespace: "public",
			Group: "DEFAULT_GROUP", Name: name}, IP: "10.0.0.1", Port: 80, Cluster: "DEFAULT"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := [3]bool{in.Healthy, in.Enabled, in.Ephemeral}; got != want {
			t.Errorf("%s: healthy, enabled, ephemeral = %v, want %v", name, got, want)
		}
	}
}

func TestUpdateInstance(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "weight", "3", "metadata", "a=1")
	e.ok(e.do(http.MethodPut, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80",
		"metadata", `{"b":"2"}`, "enabled", "false")))
	m := decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")))
	md := m["metadata"].(map[string]any)
	if m["weight"] != 3.0 || md["b"] != "2" || len(md) != 1 {
		t.Fatalf("after update: %v", m)
	}
	in, _ := e.reg.GetInstance(naming.InstanceRef{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "svc"},
		IP: "10.0.0.1", Port: 80, Cluster: "DEFAULT"})
	if in.Enabled {
		t.Fatal("enabled=false not applied")
	}

	before := e.snapshot()
	for _, c := range []struct {
		params url.Values
		status int
		body   string
	}{
		{vals("serviceName", "svc", "ip", "10.0.0.9", "port", "80"), 404, "no matched ip found!"},
		{vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "weight", "-2"), 400,
			"instance format invalid: The weights range from 0.0 to 10000.0"},
		{vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "metadata", "x"), 400, "metadata format incorrect:x"},
		{vals("ip", "10.0.0.1", "port", "80"), 400, "Param 'serviceName' is required."},
	} {
		expect(t, e.do(http.MethodPut, "/instance", c.params), c.status, c.body)
	}
	e.expectUnchanged(before)
}

func TestInstanceDetail(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "metadata", "k=v", "clusterName", "c1")
	m := decode(t, e.do(http.MethodGet, "/instance",
		vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")))
	expectKeys(t, "detail", m, "service", "ip", "port", "clusterName", "weight", "healthy", "instanceId", "metadata")
	if m["service"] != "DEFAULT_GROUP@@svc" || m["instanceId"] != "10.0.0.1#80#c1#DEFAULT_GROUP@@svc" ||
		m["port"] != 80.0 || m["clusterName"] != "c1" || m["healthy"] != true || m["weight"] != 1.0 {
		t.Fatalf("detail %v", m)
	}
	// The seed's "cluster" parameter works too.
	decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "cluster", "c1")))

	expect(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")),
		404, "no matched ip found!")
	expect(t, e.do(http.MethodGet, "/instance", vals("serviceName", "none", "ip", "10.0.0.1", "port", "80")),
		404, "no ips found for cluster DEFAULT in service DEFAULT_GROUP@@none")
	expect(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1")),
		400, "Param 'port' is required.")
}

func TestListInstances(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "a")
	e.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "clusterName", "b")
	e.register("serviceName", "svc", "ip", "10.0.0.3", "port", "80", "clusterName", "b", "enabled", "false")

	m := decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc")))
	if n := len(m["hosts"].([]any)); n != 2 {
		t.Fatalf("%d hosts, want the 2 enabled ones", n)
	}
	m = decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc", "clusters", "b")))
	if hosts := m["hosts"].([]any); len(hosts) != 1 || m["clusters"] != "b" {
		t.Fatalf("cluster filter: %v", m)
	}

	// An unknown service is an empty list: clients subscribe first.
	m = decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "nobody", "groupName", "g")))
	if hosts := m["hosts"].([]any); len(hosts) != 0 || m["name"] != "g@@nobody" {
		t.Fatalf("unknown service: %v", m)
	}

	for _, c := range []struct {
		params url.Values
		body   string
	}{
		{vals(), "Param 'serviceName' is required."},
		{vals("serviceName", "svc", "clusters", "a,b_c"), "Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: b_c)"},
		{vals("serviceName", "svc", "healthyOnly", "sometimes"), `Param 'healthyOnly' is illegal, "sometimes" is not a valid boolean.`},
		{vals("serviceName", "svc", "udpPort", "x"), `For input string: "x"`},
	} {
		expect(t, e.do(http.MethodGet, "/instance/list", c.params), 400, c.body)
	}
}

func TestListRecordsSubscriber(t *testing.T) {
	e := newEnv(t, time.Hour)
	k := naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "svc"}
	decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc")))
	if subs := e.reg.Subscribers(k, naming.ClientFilter{}); len(subs) != 0 {
		t.Fatalf("subscribed without udpPort: %v", subs)
	}
	req := vals("serviceName", "svc", "udpPort", "54321", "clientIP", "10.9.9.9", "app", "shop", "clusters", "DEFAULT")
	rec := e.serve(func() *http.Request {
		r := newGet(base + "/instance/list?" + req.Encode())
		r.Header.Set("User-Agent", "Nacos-Go-Client:v1.0.8")
		return r
	}())
	decode(t, rec)
	subs := e.reg.Subscribers(k, naming.ClientFilter{})
	if len(subs) != 1 {
		t.Fatalf("subscribers %v", subs)
	}
	s := subs[0]
	if s.IP != "10.9.9.9" || s.Port != 54321 || s.Agent != "Nacos-Go-Client:v1.0.8" || s.App != "shop" || s.Cluster != "DEFAULT" {
		t.Fatalf("subscriber %+v", s)
	}
	// Without clientIP the remote address is the subscriber.
	decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc", "udpPort", "1000")))
	if subs := e.reg.Subscribers(k, naming.ClientFilter{Port: 1000}); len(subs) != 1 || subs[0].IP != "192.0.2.1" {
		t.Fatalf("subscriber from remote address: %+v", subs)
	}
}

func TestProtectThreshold(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
	e.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "healthy", "false")
	e.register("serviceName", "svc", "ip", "10.0.0.3", "port", "80", "healthy", "false")

	// Threshold 0: 1/3 healthy is above it, healthyOnly leaves one host.
	m := decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc", "healthyOnly", "true")))
	if hosts := m["hosts"].([]any); len(hosts) != 1 || m["reachProtectionThreshold"] != false {
		t.Fatalf("below threshold: %v", m)
	}

	e.ok(e.do(http.MethodPut, "/service", vals("serviceName", "svc", "protectThreshold", "0.5")))
	m = decode(t, e.do(http.MethodGet, "/instance/list", vals("serviceName", "svc", "healthyOnly", "true")))
	hosts := m["hosts"].([]any)
	if len(hosts) != 3 || m["reachProtectionThreshold"] != true {
		t.Fatalf("threshold reached: %v", m)
	}
	for _, h := range hosts {
		if h.(map[string]any)["healthy"] != true {
			t.Fatalf("protected host not healthy: %v", h)
		}
	}
	// The detail still tells the truth.
	d := decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.2", "port", "80")))
	if d["healthy"] != false {
		t.Fatalf("detail under protection: %v", d)
	}
}
