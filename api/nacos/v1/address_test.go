package v1

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming/namingtest"
)

// TestWritesMatchByAddress: Nacos 2 finds an HTTP client's instance by
// service + ip:port, whatever cluster a beat or deregistration names. A
// client that registers in c1 and beats or deregisters without a cluster
// (or with another) must neither get a duplicate nor leave its instance
// behind; and the other way round.
func TestWritesMatchByAddress(t *testing.T) {
	addr := func(kv ...string) url.Values {
		return with(vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80"), kv...)
	}
	fullBeat := func(cluster string) string {
		c := ""
		if cluster != "" {
			c = `"cluster":"` + cluster + `",`
		}
		return `{` + c + `"ip":"10.0.0.1","port":80,"weight":1,"metadata":{}}`
	}
	for _, c := range []struct {
		name       string
		registered []string // clusterName of the registration, if any
		method     string
		path       string
		params     url.Values
		body       string
		want       string
	}{
		{"deregister without a cluster", []string{"clusterName", "c1"}, http.MethodDelete, "/instance",
			addr(), "ok", ""},
		{"deregister with another cluster", []string{"clusterName", "c1"}, http.MethodDelete, "/instance",
			addr("clusterName", "c2"), "ok", ""},
		{"deregister with a cluster, registered without", nil, http.MethodDelete, "/instance",
			addr("clusterName", "c1"), "ok", ""},
		{"deregister with the old name 'cluster'", []string{"clusterName", "c1"}, http.MethodDelete, "/instance",
			addr("cluster", "c2"), "ok", ""},
		{"light beat without a cluster", []string{"clusterName", "c1"}, http.MethodPut, "/instance/beat",
			addr(), `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@c1"},
		{"light beat with another cluster", []string{"clusterName", "c1"}, http.MethodPut, "/instance/beat",
			addr("clusterName", "c2"), `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@c1"},
		{"light beat with a cluster, registered without", nil, http.MethodPut, "/instance/beat",
			addr("clusterName", "c1"), `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@DEFAULT"},
		// The interval is the instance's own, found by address (getHeartBeatInterval
		// falls back to the client's published instance).
		{"light beat without a cluster, own interval", []string{"clusterName", "c1", "metadata",
			`{"preserved.heart.beat.interval":"2000"}`}, http.MethodPut, "/instance/beat",
			addr(), `{"clientBeatInterval":2000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@c1"},
		{"full beat without a cluster", []string{"clusterName", "c1"}, http.MethodPut, "/instance/beat",
			vals("serviceName", "svc", "beat", fullBeat("")),
			`{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@c1"},
		{"full beat with another cluster", []string{"clusterName", "c1"}, http.MethodPut, "/instance/beat",
			vals("serviceName", "svc", "beat", fullBeat("c2")),
			`{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@c1"},
		{"full beat with a cluster, registered without", nil, http.MethodPut, "/instance/beat",
			vals("serviceName", "svc", "beat", fullBeat("c1")),
			`{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`, "10.0.0.1:80@DEFAULT"},
		{"register again in another cluster moves", []string{"clusterName", "c1"}, http.MethodPost, "/instance",
			addr("clusterName", "c2"), "ok", "10.0.0.1:80@c2"},
		{"register again without a cluster moves", []string{"clusterName", "c1"}, http.MethodPost, "/instance",
			addr(), "ok", "10.0.0.1:80@DEFAULT"},
		{"deregister of another port leaves it", []string{"clusterName", "c1"}, http.MethodDelete, "/instance",
			with(vals("serviceName", "svc", "ip", "10.0.0.1", "port", "81")), "ok", "10.0.0.1:80@c1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, time.Hour)
			e.register(append([]string{"serviceName", "svc", "ip", "10.0.0.1", "port", "80"}, c.registered...)...)
			e.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "clusterName", "c1")
			expect(t, e.do(c.method, c.path, c.params), 200, c.body)
			want := strings.TrimPrefix(c.want+",10.0.0.2:80@c1", ",")
			if got := namingtest.Addresses(e.reg, "svc"); got != want {
				t.Errorf("instances %s, want %s", got, want)
			}
		})
	}
}

// TestLightBeatsFlipOffRegisterOnce: with lightBeatEnabled off a 1.x
// client sends its whole instance with every beat; beats that name no
// cluster must refresh the instance registered in c1, not add one.
func TestLightBeatsFlipOffRegisterOnce(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "lightBeatEnabled", "value", "false")))
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")
	for i := 0; i < 3; i++ {
		expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc",
			"beat", `{"ip":"10.0.0.1","port":80,"weight":1,"metadata":{}}`)),
			200, `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":false}`)
	}
	if got := namingtest.Addresses(e.reg, "svc"); got != "10.0.0.1:80@c1" {
		t.Errorf("instances %s", got)
	}
}

// TestHealthUpdateMatchesByAddress: a persistent instance's health is set
// by address, as HealthOperatorV2Impl finds it.
func TestHealthUpdateMatchesByAddress(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1", "ephemeral", "false")
	e.ok(e.do(http.MethodPut, "/health/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80",
		"healthy", "false")))
	m := decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80",
		"clusterName", "c1")))
	if m["healthy"] != false {
		t.Errorf("instance %v", m)
	}
}
