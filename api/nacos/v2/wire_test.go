package v2

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestNamingWireBytes pins the bytes of the v2 naming answers that carry
// Java doubles and floats: weights as 1.0, protect thresholds as 0.0, the
// way Nacos's Jackson writes them. A want starting with "~" is a part of a
// body that holds a timestamp.
func TestNamingWireBytes(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
	f.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "weight", "0.0001")
	for _, c := range []struct {
		name, path string
		params     url.Values
		want       string
	}{
		{"instance detail", instancePath, vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80"),
			`{"code":0,"message":"success","data":{"serviceName":"DEFAULT_GROUP@@svc","ip":"10.0.0.1","port":80,` +
				`"clusterName":"DEFAULT","weight":1.0,"healthy":true,"instanceId":null,"metadata":{}}}`},
		{"instance list", instanceListPath, vals("serviceName", "svc"), `~"ip":"10.0.0.1","port":80,"weight":1.0,`},
		{"instance list, small weight", instanceListPath, vals("serviceName", "svc"), `~"ip":"10.0.0.2","port":80,"weight":1.0E-4,`},
		{"service detail", servicePath, vals("serviceName", "svc"), `~"protectThreshold":0.0,`},
	} {
		rec := f.raw(http.MethodGet, c.path, c.params)
		body := rec.Body.String()
		ok := body == c.want
		if part, partial := strings.CutPrefix(c.want, "~"); partial {
			ok = strings.Contains(body, part)
		}
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || !ok {
			t.Errorf("%s: %d %q %s\nwant %s", c.name, rec.Code, rec.Header().Get("Content-Type"), body, c.want)
		}
	}
}
