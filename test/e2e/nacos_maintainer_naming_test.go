package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nacos-group/nacos-sdk-go/v2/model"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
)

// TestMaintainerNaming runs the naming area of the Maintainer SDK, then
// checks what it left through the v1 and v2 dialects and nacos-sdk-go, and
// the admin API's view of a Nacos 2 gRPC client (which the Java scenario
// cannot make: the maintainer client registers over HTTP only).
func TestMaintainerNaming(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	if checks := runMaintainer(t, s, "naming"); len(checks) == 0 {
		t.Fatal("the scenario checked nothing")
	}
	token := loginAs(t, s, "nacos", adminPassword)

	// The persistent instance the scenario left: metadata from register
	// and batch update, health set by hand.
	code, body := call(t, http.MethodGet, s.url("/nacos/v2/ns/instance"), url.Values{
		"accessToken": {token}, "serviceName": {"maint.naming.persist"}, "ip": {"10.9.0.1"}, "port": {"8080"}})
	if code != http.StatusOK || !strings.Contains(body, `"owner":"sdk"`) || !strings.Contains(body, `"batch":"yes"`) ||
		!strings.Contains(body, `"healthy":false`) {
		t.Errorf("v2 instance detail: %d %s", code, body)
	}
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/ns/service"), url.Values{
		"accessToken": {token}, "serviceName": {"maint.naming.persist"}})
	if code != http.StatusOK || !strings.Contains(body, `"testK":"testV"`) {
		t.Errorf("v1 service detail (cluster metadata): %d %s", code, body)
	}
	client := newNamingClientV2(t, s, "nacos", adminPassword)
	// (Healthy reads true here: with its one instance unhealthy the
	// service is at its protect threshold 0, so every instance is served.)
	all, err := client.SelectAllInstances(vo.SelectAllInstancesParam{ServiceName: "maint.naming.persist"})
	if err != nil || len(all) != 1 || all[0].Ip != "10.9.0.1" || all[0].Metadata["batch"] != "yes" {
		t.Errorf("nacos-sdk-go sees %+v, %v", all, err)
	}

	// A gRPC client's registration and subscription, seen by the admin API.
	ok, err := client.RegisterInstance(vo.RegisterInstanceParam{Ip: "10.9.1.1", Port: 9090, ServiceName: "maint.naming.grpc",
		Weight: 1, Enable: true, Healthy: true, Ephemeral: true})
	if err != nil || !ok {
		t.Fatalf("register over gRPC: %v", err)
	}
	if err := client.Subscribe(&vo.SubscribeParam{ServiceName: "maint.naming.grpc",
		SubscribeCallback: func([]model.Instance, error) {}}); err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	admin := func(path string, q url.Values) (int, json.RawMessage) {
		t.Helper()
		if q == nil {
			q = url.Values{}
		}
		q.Set("accessToken", token)
		code, body := call(t, http.MethodGet, s.url("/nacos/v3/admin/ns"+path), q)
		var env struct {
			Code int             `json:"code"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		return code, env.Data
	}
	var connID string
	eventually(t, 5*time.Second, "the gRPC client to be listed", func() bool {
		_, data := admin("/client/service/publisher/list", url.Values{"serviceName": {"maint.naming.grpc"}})
		var pubs []struct {
			ClientID string `json:"clientId"`
		}
		_ = json.Unmarshal(data, &pubs)
		if len(pubs) == 1 {
			connID = pubs[0].ClientID
		}
		return connID != ""
	})
	_, data := admin("/client/list", nil)
	if !strings.Contains(string(data), connID) || !strings.Contains(string(data), "10.9.0.1:8080#false") {
		t.Errorf("client list %s lacks %s", data, connID)
	}
	_, data = admin("/client", url.Values{"clientId": {connID}})
	var sum struct {
		ClientType, ConnectType, Version string
		Ephemeral                        bool
	}
	if err := json.Unmarshal(data, &sum); err != nil || sum.ClientType != "connection" || sum.ConnectType != "GRPC" ||
		!strings.Contains(sum.Version, "Nacos-Go-Client") || !sum.Ephemeral {
		t.Errorf("client detail %s", data)
	}
	eventually(t, 5*time.Second, "the subscription to be listed", func() bool {
		_, data := admin("/client/subscribe/list", url.Values{"clientId": {connID}})
		return strings.Contains(string(data), `"serviceName":"maint.naming.grpc"`)
	})
	_, data = admin("/service/subscribers", url.Values{"serviceName": {"maint.naming.grpc"}})
	if !strings.Contains(string(data), `"totalCount":1`) {
		t.Errorf("subscribers %s", data)
	}
	// The three answers the SDK cannot read (it expects them bare).
	for path, want := range map[string]string{"/service/selector/types": `["none","label"]`,
		"/health/checkers": `{"NONE":{"type":"NONE"}}`} {
		if code, data := admin(path, nil); code != http.StatusOK || string(data) != want {
			t.Errorf("%s: %d %s", path, code, data)
		}
	}
}
