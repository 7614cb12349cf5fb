package v2

import (
	"net/http"
	"testing"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
)

func TestRegisterDetailAndList(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "test_service", "ip", "127.0.0.1", "port", "8080",
		"weight", "0.9", "metadata", `{"value":"1"}`)

	d := f.okMap(http.MethodGet, instancePath, vals("serviceName", "test_service", "ip", "127.0.0.1", "port", "8080"))
	wantKeys(t, "detail", d, "serviceName", "ip", "port", "clusterName", "weight", "healthy", "instanceId", "metadata")
	for field, want := range map[string]any{
		"serviceName": "DEFAULT_GROUP@@test_service", "ip": "127.0.0.1", "port": 8080,
		"clusterName": "DEFAULT", "weight": 0.9, "healthy": true, "instanceId": nil,
		"metadata": map[string]any{"value": "1"},
	} {
		wantField(t, "detail", d, field, want)
	}

	list := f.okMap(http.MethodGet, instanceListPath, vals("serviceName", "test_service"))
	wantKeys(t, "list", list, "name", "groupName", "clusters", "cacheMillis", "hosts", "lastRefTime",
		"checksum", "allIPs", "reachProtectionThreshold", "valid")
	for field, want := range map[string]any{
		"name": "DEFAULT_GROUP@@test_service", "groupName": "DEFAULT_GROUP", "clusters": "",
		"cacheMillis": 10000, "checksum": "", "allIPs": false, "reachProtectionThreshold": false, "valid": true,
	} {
		wantField(t, "list", list, field, want)
	}
	if ts, _ := list["lastRefTime"].(float64); ts <= 0 {
		t.Errorf("lastRefTime = %v", list["lastRefTime"])
	}
	hosts := list["hosts"].([]any)
	if len(hosts) != 1 {
		t.Fatalf("hosts = %v", hosts)
	}
	h := hosts[0].(map[string]any)
	wantKeys(t, "host", h, "ip", "port", "weight", "healthy", "enabled", "ephemeral", "clusterName",
		"serviceName", "metadata", "instanceHeartBeatTimeOut", "ipDeleteTimeout",
		"instanceHeartBeatInterval", "instanceIdGenerator")
	for field, want := range map[string]any{
		"ip": "127.0.0.1", "port": 8080, "weight": 0.9, "healthy": true, "enabled": true, "ephemeral": true,
		"clusterName": "DEFAULT", "serviceName": "DEFAULT_GROUP@@test_service",
		"instanceHeartBeatTimeOut": 15000, "ipDeleteTimeout": 30000, "instanceHeartBeatInterval": 5000,
	} {
		wantField(t, "host", h, field, want)
	}
}

func TestRegisterDefaultsAndKinds(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "eph", "ip", "10.0.0.1", "port", "80")
	f.register("namespaceId", "dev", "groupName", "G1", "serviceName", "pers", "ip", "10.0.0.2",
		"port", "81", "clusterName", "c1", "ephemeral", "false", "healthy", "false", "enabled", "false")

	in := f.reg.Published("10.0.0.1:80#true")
	if len(in) != 1 || !in[0].Ephemeral || !in[0].Healthy || !in[0].Enabled || in[0].Weight != 1 ||
		in[0].Service.Namespace != "public" || in[0].Service.Group != "DEFAULT_GROUP" || in[0].Cluster != "DEFAULT" {
		t.Fatalf("defaults not applied: %+v", in)
	}
	p := f.reg.Published("10.0.0.2:81#false")
	if len(p) != 1 || p[0].Ephemeral || p[0].Healthy || p[0].Enabled || p[0].Cluster != "c1" ||
		p[0].Service.Namespace != "dev" || p[0].Service.Group != "G1" {
		t.Fatalf("explicit values not applied: %+v", p)
	}
}

func TestUpdateInstance(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80", "metadata", `{"a":"1","b":"2"}`, "healthy", "true")
	got := f.ok(http.MethodPut, instancePath, vals("serviceName", "s", "ip", "10.0.0.1", "port", "80",
		"weight", "3", "enabled", "false", "healthy", "false", "metadata", `{"b":"20","c":"30"}`))
	if got != true {
		t.Fatalf("update answered %v", got)
	}
	in := f.reg.Published("10.0.0.1:80#true")[0]
	if in.Weight != 3 || in.Enabled || !in.Healthy {
		t.Errorf("update applied wrongly: %+v", in)
	}
	want := map[string]string{"a": "1", "b": "20", "c": "30"}
	for k, v := range want {
		if in.Metadata[k] != v {
			t.Errorf("metadata = %v, want %v", in.Metadata, want)
		}
	}
}

func TestDeregisterIsIdempotent(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80")
	params := vals("serviceName", "s", "ip", "10.0.0.1", "port", "80")
	for i := 0; i < 2; i++ {
		if got := f.ok(http.MethodDelete, instancePath, params); got != true {
			t.Fatalf("deregister answered %v", got)
		}
	}
	list := f.okMap(http.MethodGet, instanceListPath, vals("serviceName", "s"))
	if hosts := list["hosts"].([]any); len(hosts) != 0 {
		t.Fatalf("hosts after deregister: %v", hosts)
	}
}

func TestListFilters(t *testing.T) {
	f := newFixture(t)
	f.ok(http.MethodPost, servicePath, vals("serviceName", "s", "protectThreshold", "0"))
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80", "clusterName", "a", "ephemeral", "false")
	f.register("serviceName", "s", "ip", "10.0.0.2", "port", "80", "clusterName", "b", "ephemeral", "false", "healthy", "false")
	f.register("serviceName", "s", "ip", "10.0.0.3", "port", "80", "clusterName", "c", "ephemeral", "false")
	f.register("serviceName", "s", "ip", "10.0.0.4", "port", "80", "clusterName", "a", "ephemeral", "false", "enabled", "false")

	cases := []struct {
		name   string
		params []string
		want   []string
	}{
		{"all enabled", nil, []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}},
		{"healthy only", []string{"healthyOnly", "true"}, []string{"10.0.0.1", "10.0.0.3"}},
		{"clusters", []string{"clusterName", "a,b"}, []string{"10.0.0.1", "10.0.0.2"}},
		{"clusters and healthy", []string{"clusterName", "b,c", "healthyOnly", "true"}, []string{"10.0.0.3"}},
		{"ip does not filter", []string{"ip", "10.0.0.9"}, []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list := f.okMap(http.MethodGet, instanceListPath, vals(append([]string{"serviceName", "s"}, tc.params...)...))
			var ips []string
			for _, h := range list["hosts"].([]any) {
				ips = append(ips, h.(map[string]any)["ip"].(string))
			}
			if len(ips) != len(tc.want) {
				t.Fatalf("ips = %v, want %v", ips, tc.want)
			}
			for i := range ips {
				if ips[i] != tc.want[i] {
					t.Fatalf("ips = %v, want %v", ips, tc.want)
				}
			}
		})
	}
}

func TestListProtectThresholdAndMissingService(t *testing.T) {
	f := newFixture(t)
	f.ok(http.MethodPost, servicePath, vals("serviceName", "s", "protectThreshold", "0.8"))
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80", "ephemeral", "false")
	f.register("serviceName", "s", "ip", "10.0.0.2", "port", "80", "ephemeral", "false", "healthy", "false")
	list := f.okMap(http.MethodGet, instanceListPath, vals("serviceName", "s", "healthyOnly", "true"))
	wantField(t, "list", list, "reachProtectionThreshold", true)
	if hosts := list["hosts"].([]any); len(hosts) != 2 {
		t.Fatalf("protected list = %v", hosts)
	}

	empty := f.okMap(http.MethodGet, instanceListPath, vals("serviceName", "nope", "groupName", "G"))
	wantField(t, "empty", empty, "name", "G@@nope")
	if hosts := empty["hosts"].([]any); len(hosts) != 0 {
		t.Fatalf("hosts of a missing service: %v", hosts)
	}
}

func TestBeat(t *testing.T) {
	f := newFixture(t)
	beat := func(params ...string) map[string]any {
		t.Helper()
		status, body := f.call(http.MethodPut, instanceBeatPath, vals(params...))
		if status != http.StatusOK {
			t.Fatalf("beat %v: %d %v", params, status, body)
		}
		wantKeys(t, "beat", body, "clientBeatInterval", "code", "lightBeatEnabled")
		return body
	}
	got := beat("serviceName", "DEFAULT_GROUP@@s", "ip", "10.0.0.1", "port", "80")
	wantField(t, "unknown", got, "code", nacoswire.BeatNotFound)
	wantField(t, "unknown", got, "clientBeatInterval", 5000)

	got = beat("serviceName", "DEFAULT_GROUP@@s", "beat",
		`{"ip":"10.0.0.1","port":80,"cluster":"c1","weight":2,"metadata":{"preserved.heart.beat.interval":"3000"}}`)
	wantField(t, "re-register", got, "code", nacoswire.BeatOK)
	wantField(t, "re-register", got, "clientBeatInterval", 3000)
	wantField(t, "re-register", got, "lightBeatEnabled", true)
	in := f.reg.Published("10.0.0.1:80#true")
	if len(in) != 1 || in[0].Cluster != "c1" || in[0].Weight != 2 {
		t.Fatalf("beat did not register the instance: %+v", in)
	}

	f.register("serviceName", "s", "ip", "10.0.0.2", "port", "80")
	got = beat("serviceName", "DEFAULT_GROUP@@s", "ip", "10.0.0.2", "port", "80")
	wantField(t, "known", got, "code", nacoswire.BeatOK)
	wantField(t, "known", got, "clientBeatInterval", 5000)

	// Jackson takes numbers given as strings; so does the beat.
	got = beat("serviceName", "DEFAULT_GROUP@@s", "beat", `{"ip":"10.0.0.3","port":"81","ephemeral":"true"}`)
	wantField(t, "lenient", got, "code", nacoswire.BeatOK)
	if in := f.reg.Published("10.0.0.3:81#true"); len(in) != 1 || in[0].Weight != 1 {
		t.Fatalf("lenient beat registered %+v", in)
	}
}

func TestBatchMetadata(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80", "clusterName", "c1", "metadata", `{"keep":"1"}`)
	f.register("serviceName", "s", "ip", "10.0.0.2", "port", "80", "clusterName", "c1")
	md := func(ip string) map[string]string {
		for _, in := range f.reg.Published(ip + ":80#true") {
			return in.Metadata
		}
		t.Fatalf("no instance %s", ip)
		return nil
	}

	got := f.ok(http.MethodPut, metadataBatchPath, vals("serviceName", "s", "metadata", `{"age":"20"}`))
	if got != true || md("10.0.0.1")["age"] != "20" || md("10.0.0.2")["age"] != "20" || md("10.0.0.1")["keep"] != "1" {
		t.Fatalf("update all: %v %v %v", got, md("10.0.0.1"), md("10.0.0.2"))
	}

	f.ok(http.MethodPut, metadataBatchPath, vals("serviceName", "s", "consistencyType", "ephemeral",
		"instances", `[{"ip":"10.0.0.2","port":"80","ephemeral":"true","clusterName":"c1"},{"ip":"3.3.3.3","port":"8080"}]`,
		"metadata", `{"name":"cocolan"}`))
	if md("10.0.0.2")["name"] != "cocolan" || md("10.0.0.1")["name"] != "" {
		t.Fatalf("targeted update: %v %v", md("10.0.0.1"), md("10.0.0.2"))
	}

	// persist selects persistent instances only: these are ephemeral.
	f.ok(http.MethodPut, metadataBatchPath, vals("serviceName", "s", "consistencyType", "persist", "metadata", `{"p":"1"}`))
	if md("10.0.0.1")["p"] != "" {
		t.Fatalf("persist batch touched an ephemeral instance: %v", md("10.0.0.1"))
	}

	got = f.ok(http.MethodDelete, metadataBatchPath, vals("serviceName", "s", "metadata", `{"age":"","nope":""}`))
	if got != true || md("10.0.0.1")["age"] != "" || md("10.0.0.2")["age"] != "" || md("10.0.0.1")["keep"] != "1" {
		t.Fatalf("delete: %v %v %v", got, md("10.0.0.1"), md("10.0.0.2"))
	}
}

func TestHealthUpdate(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "s", "ip", "10.0.0.1", "port", "80", "ephemeral", "false")
	for _, path := range []string{healthInstancePath, healthPath} {
		if got := f.ok(http.MethodPut, path, vals("serviceName", "s", "ip", "10.0.0.1", "port", "80", "healthy", "false")); got != "ok" {
			t.Fatalf("health answered %v", got)
		}
	}
	d := f.okMap(http.MethodGet, instancePath, vals("serviceName", "s", "ip", "10.0.0.1", "port", "80"))
	wantField(t, "detail", d, "healthy", false)
}
