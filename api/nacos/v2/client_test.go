package v2

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestClientsOfPublishers(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "nacos.test.1", "ip", "10.128.164.35", "port", "9950", "clusterName", "c1")
	f.register("serviceName", "nacos.test.1", "ip", "10.128.164.36", "port", "9951")
	f.register("serviceName", "nacos.test.2", "ip", "10.128.164.37", "port", "9952", "ephemeral", "false")
	const id = "10.128.164.35:9950#true"

	ids := f.ok(http.MethodGet, clientListPath, nil).([]any)
	if len(ids) != 3 || ids[0] != id || ids[2] != "10.128.164.37:9952#false" {
		t.Fatalf("client list = %v", ids)
	}

	d := f.okMap(http.MethodGet, clientPath, vals("clientId", id))
	wantKeys(t, "client", d, "clientId", "ephemeral", "lastUpdatedTime", "clientType", "clientIp", "clientPort")
	for field, want := range map[string]any{
		"clientId": id, "ephemeral": true, "clientType": "ipPort", "clientIp": "10.128.164.35", "clientPort": "9950",
	} {
		wantField(t, "client", d, field, want)
	}
	if ts, _ := d["lastUpdatedTime"].(float64); ts <= 0 {
		t.Errorf("lastUpdatedTime = %v", d["lastUpdatedTime"])
	}

	pub := f.okList(http.MethodGet, clientPublishPath, vals("clientId", id))
	if len(pub) != 1 {
		t.Fatalf("publish list = %v", pub)
	}
	wantKeys(t, "published", pub[0], "namespace", "group", "serviceName", "registeredInstance")
	wantField(t, "published", pub[0], "serviceName", "nacos.test.1")
	wantField(t, "published", pub[0], "registeredInstance",
		map[string]any{"ip": "10.128.164.35", "port": 9950, "cluster": "c1"})

	all := f.okList(http.MethodGet, publisherListPath, vals("serviceName", "nacos.test.1", "ip", "", "port", ""))
	// Instances come sorted by cluster: DEFAULT before c1.
	if len(all) != 2 {
		t.Fatalf("publishers = %v", all)
	}
	wantField(t, "publisher", all[1], "clientId", id)
	wantField(t, "publisher", all[1], "ip", "10.128.164.35")
	wantField(t, "publisher", all[1], "port", 9950)
	one := f.okList(http.MethodGet, publisherListPath, vals("serviceName", "nacos.test.1", "ip", "10.128.164.36", "port", "9951"))
	if len(one) != 1 || one[0]["clientId"] != "10.128.164.36:9951#true" {
		t.Fatalf("filtered publishers = %v", one)
	}
	if subs := f.okList(http.MethodGet, clientSubscribePath, vals("clientId", id)); len(subs) != 0 {
		t.Fatalf("a publisher subscribes to %v", subs)
	}
}

func TestClientsOfSubscribers(t *testing.T) {
	f := newFixture(t)
	f.register("serviceName", "nacos.test.1", "ip", "10.0.0.1", "port", "80")
	// A Nacos 1.x client names its push port udpPort and its address clientIP.
	q := vals("serviceName", "nacos.test.1", "udpPort", "54126", "clientIP", "172.24.144.1", "app", "shop")
	status, _ := f.callWithAgent(http.MethodGet, instanceListPath, q, "Nacos-Java-Client:v1.4.1")
	if status != http.StatusOK {
		t.Fatalf("list answered %d", status)
	}
	// Nacos 2.5 itself subscribes ip:port when port > 0.
	f.ok(http.MethodGet, instanceListPath, vals("serviceName", "nacos.test.1", "ip", "10.9.9.9", "port", "7000"))
	const id = "172.24.144.1:54126#true"

	subs := f.okList(http.MethodGet, subscriberListPath, vals("serviceName", "nacos.test.1"))
	if len(subs) != 2 {
		t.Fatalf("subscribers = %v", subs)
	}
	wantKeys(t, "subscriber", subs[1], "clientId", "ip", "port")
	wantField(t, "subscriber", subs[1], "clientId", id)
	wantField(t, "subscriber", subs[1], "ip", "172.24.144.1")
	wantField(t, "subscriber", subs[1], "port", 54126)
	one := f.okList(http.MethodGet, subscriberListPath, vals("serviceName", "nacos.test.1", "ip", "10.9.9.9"))
	if len(one) != 1 || one[0]["clientId"] != "10.9.9.9:7000#true" {
		t.Fatalf("filtered subscribers = %v", one)
	}

	sl := f.okList(http.MethodGet, clientSubscribePath, vals("clientId", id))
	if len(sl) != 1 {
		t.Fatalf("subscribe list = %v", sl)
	}
	wantKeys(t, "subscribed", sl[0], "namespace", "group", "serviceName", "subscriberInfo")
	wantField(t, "subscribed", sl[0], "subscriberInfo",
		map[string]any{"app": "shop", "agent": "Nacos-Java-Client:v1.4.1", "addr": "172.24.144.1:54126"})

	d := f.okMap(http.MethodGet, clientPath, vals("clientId", id))
	wantField(t, "client", d, "clientType", "ipPort")
	wantField(t, "client", d, "clientPort", "54126")
	ids := f.ok(http.MethodGet, clientListPath, nil).([]any)
	if len(ids) != 3 {
		t.Fatalf("client list = %v", ids)
	}
}

// callWithAgent is call with a User-Agent header.
func (f *fixture) callWithAgent(method, path string, params url.Values, agent string) (int, string) {
	f.t.Helper()
	req, rec := newRequest(method, path, params), httptest.NewRecorder()
	req.Header.Set("User-Agent", agent)
	f.mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}
