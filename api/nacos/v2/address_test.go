package v2

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/naming/namingtest"
)

// TestWritesMatchByAddress: v2 deregister, beat and register find the
// client's instance by service + ip:port as v1 does (and Nacos's
// InstanceControllerV2, through the same InstanceOperatorClientImpl).
func TestWritesMatchByAddress(t *testing.T) {
	addr := func(kv ...string) url.Values {
		v := vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	beat := func(kv ...string) url.Values {
		v := addr(kv...)
		v.Set("serviceName", "DEFAULT_GROUP@@svc")
		return v
	}
	for _, c := range []struct {
		name       string
		registered string
		method     string
		path       string
		params     url.Values
		want       string
	}{
		{"deregister without a cluster", "c1", http.MethodDelete, instancePath, addr(), ""},
		{"deregister with another cluster", "c1", http.MethodDelete, instancePath, addr("clusterName", "c2"), ""},
		{"deregister with a cluster, registered without", "", http.MethodDelete, instancePath, addr("clusterName", "c1"), ""},
		{"register again in another cluster moves", "c1", http.MethodPost, instancePath, addr("clusterName", "c2"), "10.0.0.1:80@c2"},
		{"light beat without a cluster", "c1", http.MethodPut, instanceBeatPath, beat(), "10.0.0.1:80@c1"},
		{"full beat without a cluster", "c1", http.MethodPut, instanceBeatPath,
			vals("serviceName", "DEFAULT_GROUP@@svc", "beat", `{"ip":"10.0.0.1","port":80}`), "10.0.0.1:80@c1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			reg := []string{"serviceName", "svc", "ip", "10.0.0.1", "port", "80"}
			if c.registered != "" {
				reg = append(reg, "clusterName", c.registered)
			}
			f.register(reg...)
			f.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "clusterName", "c1")
			rec := f.raw(c.method, c.path, c.params)
			if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "20404") {
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			want := strings.TrimPrefix(c.want+",10.0.0.2:80@c1", ",")
			if got := namingtest.Addresses(f.reg, "svc"); got != want {
				t.Errorf("instances %s, want %s", got, want)
			}
		})
	}
}
