package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// What the Maintainer SDK's core calls wrote is what v1 and v2 serve, and
// the connection loader sees (and resets) a real Nacos Go SDK connected in
// the same test.
func TestMaintainerCoreSeenElsewhere(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	if checks := runMaintainer(t, s, "core"); len(checks) == 0 {
		t.Fatal("the scenario checked nothing")
	}
	token := login(t, s, adminPassword)
	for _, path := range []string{"/nacos/v1/console/namespaces", "/nacos/v2/console/namespace/list"} {
		code, body := call(t, http.MethodGet, s.url(path+"?accessToken="+token), nil)
		if code != 200 || !strings.Contains(body, `"namespace":"core-sdk-ns","namespaceShowName":"Core SDK 2"`) ||
			!strings.Contains(body, `"namespaceShowName":"core-generated"`) || strings.Contains(body, "core-gone") {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}

	nc := newNamingClientV2(t, s, "nacos", adminPassword)
	if _, err := nc.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.9.9.9", Port: 80, ServiceName: "core-conn",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true}); err != nil {
		t.Fatal(err)
	}
	goConn := func() (string, bool) {
		code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/core/loader/current?accessToken="+token), nil)
		var r struct {
			Data map[string]struct {
				MetaInfo struct {
					Version string            `json:"version"`
					Labels  map[string]string `json:"labels"`
				} `json:"metaInfo"`
			} `json:"data"`
		}
		if code != 200 || json.Unmarshal([]byte(body), &r) != nil {
			t.Fatalf("current: %d %s", code, body)
		}
		for id, c := range r.Data {
			if strings.HasPrefix(c.MetaInfo.Version, "Nacos-Go-Client") && c.MetaInfo.Labels["source"] == "sdk" {
				return id, true
			}
		}
		return "", false
	}
	var first string
	eventually(t, 5*time.Second, "the Go SDK's connection listed", func() bool {
		var ok bool
		first, ok = goConn()
		return ok
	})
	code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/core/loader/cluster?accessToken="+token), nil)
	if code != 200 || !strings.Contains(body, `"memberCount":1`) || !strings.Contains(body, `"sdkConCount":1`) {
		t.Errorf("cluster: %d %s", code, body)
	}
	code, body = call(t, http.MethodPost, s.url("/nacos/v3/admin/core/loader/reloadClient"),
		url.Values{"accessToken": {token}, "connectionId": {first}})
	if code != 200 || !strings.Contains(body, `"code":0`) {
		t.Fatalf("reloadClient: %d %s", code, body)
	}
	// The answer came after the Go SDK acknowledged the ConnectResetRequest.
	// Without a redirect address nacos-sdk-go (v2.3.2) reconnects only when
	// its health check fails (switchServerAsync(ServerInfo{}, true)), so
	// against a healthy server it keeps its connection; the Java SDK
	// reconnects. A second reset of a connection that is gone is 404.
	code, body = call(t, http.MethodPost, s.url("/nacos/v3/admin/core/loader/reloadClient"),
		url.Values{"accessToken": {token}, "connectionId": {"0_10.0.0.1_1"}})
	if code != http.StatusNotFound || !strings.Contains(body, `"code":20004`) {
		t.Errorf("reloadClient of an unknown connection: %d %s", code, body)
	}
	if id, ok := goConn(); !ok || id != first {
		t.Errorf("after the reset the Go SDK holds %q, want %q still", id, first)
	}

	for _, c := range []struct{ path, want string }{
		{"/nacos/v3/admin/core/plugin/list?pluginType=auth", `"pluginName":"nacos"`},
		{"/nacos/v3/admin/core/plugin/detail?pluginType=auth&pluginName=nacos", `"enabled":true`},
		{"/nacos/v3/admin/core/plugin/availability?pluginType=auth&pluginName=nacos", `:true}`},
	} {
		if code, body := call(t, http.MethodGet, s.url(c.path+"&accessToken="+token), nil); code != 200 ||
			!strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s", c.path, code, body)
		}
	}
	code, body = call(t, http.MethodPut, s.url("/nacos/v3/admin/core/plugin/status"), url.Values{"accessToken": {token},
		"pluginType": {"auth"}, "pluginName": {"nacos"}, "enabled": {"false"}})
	if code != http.StatusNotImplemented || !strings.Contains(body, `"code":40001`) {
		t.Errorf("plugin status: %d %s", code, body)
	}
	// Only admins reach the admin API.
	if code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/core/state"), nil); code != http.StatusForbidden &&
		code != http.StatusUnauthorized {
		t.Errorf("state without a token: %d %s", code, body)
	}
}
