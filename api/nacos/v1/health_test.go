package v1

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestUpdateHealth(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "p", "ip", "10.0.0.1", "port", "80", "ephemeral", "false")
	e.register("serviceName", "eph", "ip", "10.0.0.2", "port", "80")
	detail := vals("serviceName", "p", "ip", "10.0.0.1", "port", "80")

	e.ok(e.do(http.MethodPut, "/health/instance", with(detail, "healthy", "false")))
	if m := decode(t, e.do(http.MethodGet, "/instance", detail)); m["healthy"] != false {
		t.Fatalf("after healthy=false: %v", m)
	}
	// The 1.x name "valid" and the bare /health path work too.
	e.ok(e.do(http.MethodPut, "/health", with(detail, "valid", "true")))
	if m := decode(t, e.do(http.MethodGet, "/instance", detail)); m["healthy"] != true {
		t.Fatalf("after valid=true: %v", m)
	}

	cases := []struct {
		name   string
		params url.Values
		status int
		body   string
	}{
		{"no healthy", detail, 400, "Param 'healthy' is required."},
		{"bad healthy", with(detail, "healthy", "sick"), 400, `Param 'healthy' is illegal, "sick" is not a valid boolean.`},
		{"no ip", with(detail, "healthy", "true", "ip", ""), 400, "Param 'ip' is required."},
		{"bad port", with(detail, "healthy", "true", "port", "eighty"), 400,
			"Param 'port' is illegal, the value should be between 1 and 65535."},
		{"ephemeral", vals("serviceName", "eph", "ip", "10.0.0.2", "port", "80", "healthy", "false"), 400,
			"health check is still working, service: DEFAULT_GROUP@@eph, cluster: DEFAULT"},
		{"unknown instance", with(detail, "healthy", "true", "ip", "10.0.0.9"), 404, "no matched ip found!"},
		{"unknown service", with(detail, "healthy", "true", "serviceName", "nope"), 404,
			"no ips found for cluster DEFAULT in service DEFAULT_GROUP@@nope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot()
			expect(t, e.do(http.MethodPut, "/health/instance", c.params), c.status, c.body)
			e.expectUnchanged(before)
		})
	}
}
