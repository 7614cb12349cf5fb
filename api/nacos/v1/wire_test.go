package v1

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestNamingWireBytes pins, route by route, the Content-Type and the bytes
// Nacos 2.5.1 sends: "ok" and error texts through Spring Boot's String
// converter (text/plain, UTF-8), objects through Jackson's (application/json,
// no charset), weights and protect thresholds as Java doubles and floats.
// A want starting with "~" is a part of a body that holds a timestamp.
func TestNamingWireBytes(t *testing.T) {
	const text, jsonCT = "text/plain;charset=UTF-8", "application/json"
	e := newEnv(t, time.Hour)
	for _, c := range []struct {
		name, method, path string
		params             url.Values
		status             int
		contentType, want  string
	}{
		{"register", http.MethodPost, "/instance",
			vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80"), 200, text, "ok"},
		{"register weight 2", http.MethodPost, "/instance",
			vals("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "weight", "2", "clusterName", "c1"), 200, text, "ok"},
		{"create service", http.MethodPost, "/service",
			vals("serviceName", "made", "protectThreshold", "0.5"), 200, text, "ok"},
		{"update instance", http.MethodPut, "/instance",
			vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "metadata", `{"v":"1"}`), 200, text, "ok"},
		{"instance detail", http.MethodGet, "/instance",
			vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80"), 200, jsonCT,
			`{"service":"DEFAULT_GROUP@@svc","ip":"10.0.0.1","port":80,"clusterName":"DEFAULT","weight":1.0,` +
				`"healthy":true,"instanceId":"10.0.0.1#80#DEFAULT#DEFAULT_GROUP@@svc","metadata":{"v":"1"}}`},
		{"instance list", http.MethodGet, "/instance/list", vals("serviceName", "svc"), 200, jsonCT,
			`~"ip":"10.0.0.1","port":80,"weight":1.0,"healthy":true`},
		{"instance list, weight 2", http.MethodGet, "/instance/list", vals("serviceName", "svc"), 200, jsonCT,
			`~"ip":"10.0.0.2","port":80,"weight":2.0,"healthy":true`},
		{"light beat", http.MethodPut, "/instance/beat",
			vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80"), 200, jsonCT,
			`{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`},
		{"service detail, implicit", http.MethodGet, "/service", vals("serviceName", "svc"), 200, jsonCT,
			`{"namespaceId":"public","groupName":"DEFAULT_GROUP","name":"svc","protectThreshold":0.0,"metadata":{},` +
				`"selector":{"type":"none","contextType":"NONE"},"clusters":[{"name":"DEFAULT","healthChecker":{"type":"NONE"},"metadata":{}},` +
				`{"name":"c1","healthChecker":{"type":"NONE"},"metadata":{}}]}`},
		{"service detail, threshold", http.MethodGet, "/service", vals("serviceName", "made"), 200, jsonCT,
			`{"namespaceId":"public","groupName":"DEFAULT_GROUP","name":"made","protectThreshold":0.5,"metadata":{},` +
				`"selector":{"type":"none","contextType":"NONE"},"clusters":[]}`},
		{"service list", http.MethodGet, "/service/list", vals("pageNo", "1", "pageSize", "10"), 200, jsonCT,
			`{"count":2,"doms":["made","svc"]}`},
		{"metrics", http.MethodGet, "/operator/metrics", nil, 200, jsonCT, `{"status":"UP"}`},
		{"switch", http.MethodPut, "/operator/switches",
			vals("entry", "clientBeatInterval", "value", "5000"), 200, text, "ok"},
		{"deregister", http.MethodDelete, "/instance",
			vals("serviceName", "svc", "ip", "10.0.0.2", "port", "80"), 200, text, "ok"},
		{"an error", http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.9", "port", "80"),
			404, text, "no matched ip found!"},
		{"a bad parameter", http.MethodPost, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1"),
			400, text, "Param 'port' is required."},
	} {
		rec := e.do(c.method, c.path, c.params)
		body := rec.Body.String()
		ok := body == c.want
		if part, partial := strings.CutPrefix(c.want, "~"); partial {
			ok = strings.Contains(body, part)
		}
		if rec.Code != c.status || rec.Header().Get("Content-Type") != c.contentType || !ok {
			t.Errorf("%s: %d %q %s\nwant %d %q %s", c.name, rec.Code, rec.Header().Get("Content-Type"), body,
				c.status, c.contentType, c.want)
		}
	}
}
