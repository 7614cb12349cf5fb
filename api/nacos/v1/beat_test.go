package v1

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestLightBeat(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")
	expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "clusterName", "c1")),
		200, `{"clientBeatInterval":5000,"code":10200,"lightBeatEnabled":true}`)
	// Unknown instance, no full beat: the client is told to register.
	expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc", "ip", "10.0.0.2", "port", "80")),
		200, `{"clientBeatInterval":5000,"code":20404,"lightBeatEnabled":true}`)
	if _, i := e.reg.Counts(); i != 1 {
		t.Fatalf("a light beat of an unknown instance registered it: %d instances", i)
	}
}

func TestFullBeatReRegisters(t *testing.T) {
	e := newEnv(t, time.Hour)
	beat := `{"cluster":"c1","ip":"127.0.0.1","metadata":{"preserved.heart.beat.interval":"2000","v":1},` +
		`"port":8080,"scheduled":true,"serviceName":"ignored","weight":2}`
	expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc", "beat", beat)),
		200, `{"clientBeatInterval":2000,"code":10200,"lightBeatEnabled":true}`)
	m := decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "127.0.0.1", "port", "8080", "clusterName", "c1")))
	if m["weight"] != 2.0 || m["metadata"].(map[string]any)["v"] != "1" {
		t.Fatalf("re-registered instance %v", m)
	}
	// A beat without a cluster takes clusterName, then DEFAULT (Nacos #2533).
	expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc", "clusterName", "c1",
		"beat", `{"ip":"127.0.0.1","port":"8080"}`)),
		200, `{"clientBeatInterval":2000,"code":10200,"lightBeatEnabled":true}`)
	if _, i := e.reg.Counts(); i != 1 {
		t.Fatalf("%d instances after beats of one", i)
	}
}

func TestBeatIntervalComesFromTheSwitch(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "clientBeatInterval", "value", "7000")))
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "lightBeatEnabled", "value", "false")))
	expect(t, e.do(http.MethodPut, "/instance/beat", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")),
		200, `{"clientBeatInterval":7000,"code":10200,"lightBeatEnabled":false}`)
}

func TestBeatRefusesBadInput(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
	cases := []struct {
		name   string
		params url.Values
		body   string
	}{
		{"no beat, no ip", vals("serviceName", "svc"), "Param 'beat' is required."},
		{"no serviceName", vals("beat", `{"ip":"10.0.0.1","port":80}`), "Param 'serviceName' is required."},
		{"not JSON", vals("serviceName", "svc", "beat", `{"ip":`), "Param 'beat' is illegal, it is not a JSON object."},
		{"JSON array", vals("serviceName", "svc", "beat", `[1]`), "Param 'beat' is illegal, it is not a JSON object."},
		{"port not a number", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":"eighty"}`),
			`Param 'beat' is illegal, 'port' "eighty" is not an int.`},
		{"port object", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":{}}`),
			"Param 'beat' is illegal, 'port' must be a number."},
		{"port out of range", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":0}`),
			"Param 'port' is illegal, the value should be between 1 and 65535."},
		{"no ip in beat", vals("serviceName", "svc", "beat", `{"port":80}`), "Param 'ip' is required."},
		{"weight", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":80,"weight":"x"}`),
			`Param 'beat' is illegal, 'weight' "x" is not a number.`},
		{"weight range", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":80,"weight":-1}`),
			"instance format invalid: The weights range from 0.0 to 10000.0"},
		{"metadata", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":80,"metadata":"a"}`),
			"Param 'beat' is illegal, 'metadata' must be a JSON object."},
		{"ephemeral", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":80,"ephemeral":"sure"}`),
			`Param 'beat' is illegal, 'ephemeral' "sure" is not a boolean.`},
		{"cluster", vals("serviceName", "svc", "beat", `{"ip":"10.0.0.1","port":80,"cluster":"a b"}`),
			"Instance 'clusterName' should be characters with only 0-9a-zA-Z-. (current: a b)"},
		{"light beat port", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "x"),
			"Param 'port' is illegal, the value should be between 1 and 65535."},
		{"light beat ip", vals("serviceName", "svc", "ip", "10.0.0.1 x", "port", "80"),
			`Param 'ip' is illegal, "10.0.0.1 x" is not an IP address or host name.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.snapshot()
			expect(t, e.do(http.MethodPut, "/instance/beat", c.params), 400, c.body)
			e.expectUnchanged(before)
		})
	}
}

// TestHealthLifecycle runs the real health checker: an instance that stops
// beating turns unhealthy after its beat timeout and disappears after its
// delete timeout, while one that beats stays.
func TestHealthLifecycle(t *testing.T) {
	e := newEnv(t, 100*time.Millisecond)
	md := `{"preserved.heart.beat.interval":"500","preserved.heart.beat.timeout":"1500","preserved.ip.delete.timeout":"3000"}`
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "metadata", md)
	e.register("serviceName", "svc", "ip", "10.0.0.2", "port", "80", "metadata", md)
	silent := vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")
	beating := vals("serviceName", "svc", "ip", "10.0.0.2", "port", "80")

	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // the beating client, at its interval
		defer close(done)
		tick := time.NewTicker(300 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if rec := e.do(http.MethodPut, "/instance/beat", beating); rec.Code != 200 {
					t.Errorf("beat answered %d %s", rec.Code, rec.Body)
				}
			}
		}
	}()
	defer func() { close(stop); <-done }()

	healthy := func(params url.Values) (bool, int) {
		rec := e.do(http.MethodGet, "/instance", params)
		if rec.Code != 200 {
			return false, rec.Code
		}
		return decode(t, rec)["healthy"] == true, 200
	}
	eventually(t, 5*time.Second, "silent instance unhealthy", func() bool {
		h, code := healthy(silent)
		return code == 200 && !h
	})
	eventually(t, 5*time.Second, "silent instance removed", func() bool {
		_, code := healthy(silent)
		return code == 404
	})
	if h, code := healthy(beating); code != 200 || !h {
		t.Fatalf("beating instance: healthy %v, status %d", h, code)
	}
	// A light beat for the removed instance now asks it to register.
	expect(t, e.do(http.MethodPut, "/instance/beat", silent),
		200, `{"clientBeatInterval":5000,"code":20404,"lightBeatEnabled":true}`)
}

// TestHealthCheckSwitchOff: with healthCheckEnabled off over the API, a
// silent instance stays healthy.
func TestHealthCheckSwitchOff(t *testing.T) {
	e := newEnv(t, 100*time.Millisecond)
	e.ok(e.do(http.MethodPut, "/operator/switches", vals("entry", "check", "value", "false")))
	md := `{"preserved.heart.beat.interval":"200","preserved.heart.beat.timeout":"400","preserved.ip.delete.timeout":"600"}`
	e.register("serviceName", "svc", "ip", "10.0.0.1", "port", "80", "metadata", md)
	time.Sleep(1200 * time.Millisecond)
	m := decode(t, e.do(http.MethodGet, "/instance", vals("serviceName", "svc", "ip", "10.0.0.1", "port", "80")))
	if m["healthy"] != true {
		t.Fatalf("instance marked unhealthy with health checks off: %v", m)
	}
}
