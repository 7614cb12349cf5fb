package v1

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The requests below are the ones github.com/nacos-group/nacos-sdk-go
// v1.0.8 sends (clients/naming_client/naming_proxy.go and
// common/http_agent): GET and DELETE put their parameters unescaped in the
// query, PUT puts them unescaped in the body and drops empty ones, POST
// sends an escaped form. The answers are decoded into copies of the SDK's
// model types, with its JSON tags, as the SDK decodes them.

type sdkInstance struct {
	Valid       bool              `json:"valid"`
	Marked      bool              `json:"marked"`
	InstanceID  string            `json:"instanceId"`
	Port        uint64            `json:"port"`
	IP          string            `json:"ip"`
	Weight      float64           `json:"weight"`
	Metadata    map[string]string `json:"metadata"`
	ClusterName string            `json:"clusterName"`
	ServiceName string            `json:"serviceName"`
	Enable      bool              `json:"enabled"`
	Healthy     bool              `json:"healthy"`
	Ephemeral   bool              `json:"ephemeral"`
}

type sdkService struct {
	Dom             string            `json:"dom"`
	CacheMillis     uint64            `json:"cacheMillis"`
	UseSpecifiedURL bool              `json:"useSpecifiedUrl"`
	Hosts           []sdkInstance     `json:"hosts"`
	Checksum        string            `json:"checksum"`
	LastRefTime     uint64            `json:"lastRefTime"`
	Env             string            `json:"env"`
	Clusters        string            `json:"clusters"`
	Metadata        map[string]string `json:"metadata"`
	Name            string            `json:"name"`
}

type sdkServiceList struct {
	Count int64    `json:"count"`
	Doms  []string `json:"doms"`
}

func sdkRequest(method, target, body string) *http.Request {
	req := httptest.NewRequest(method, target, nil)
	if body != "" {
		req = httptest.NewRequest(method, target, strings.NewReader(body))
	}
	req.Header.Set("Client-Version", "Nacos-Go-Client:v1.0.8")
	req.Header.Set("User-Agent", "Nacos-Go-Client:v1.0.8")
	req.Header.Set("Request-Module", "Naming")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	return req
}

func TestNacosSDKGoV1Requests(t *testing.T) {
	e := newEnv(t, time.Hour)
	serve := func(req *http.Request) string {
		t.Helper()
		rec := e.serve(req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body)
		}
		return rec.Body.String()
	}

	// RegisterInstance (POST, escaped form).
	form := vals("namespaceId", "", "serviceName", "DEFAULT_GROUP@@demo", "groupName", "DEFAULT_GROUP",
		"app", "", "clusterName", "", "ip", "10.0.0.5", "port", "8080", "weight", "10", "enable", "true",
		"healthy", "true", "metadata", `{"idc":"sh"}`, "ephemeral", "true")
	if got := serve(sdkRequest(http.MethodPost, base+"/instance", form.Encode())); got != "ok" {
		t.Fatalf("register answered %q", got)
	}

	// SendBeat (PUT, raw body, empty namespaceId dropped).
	beat := `{"ip":"10.0.0.5","port":8080,"weight":10,"serviceName":"DEFAULT_GROUP@@demo","cluster":"",` +
		`"metadata":{"idc":"sh"},"scheduled":false}`
	body := serve(sdkRequest(http.MethodPut, base+"/instance/beat", "serviceName=DEFAULT_GROUP@@demo&beat="+beat))
	var beatAnswer struct {
		ClientBeatInterval int64 `json:"clientBeatInterval"`
	}
	if err := json.Unmarshal([]byte(body), &beatAnswer); err != nil || beatAnswer.ClientBeatInterval != 5000 {
		t.Fatalf("beat answer %q: %v", body, err)
	}

	// QueryList (GET, raw query): the SDK keys its cache on name and clusters.
	body = serve(sdkRequest(http.MethodGet, base+"/instance/list?namespaceId=&serviceName=DEFAULT_GROUP@@demo"+
		"&app=&clusters=&udpPort=54321&healthyOnly=false&clientIP=10.0.0.7", ""))
	var svc sdkService
	if err := json.Unmarshal([]byte(body), &svc); err != nil {
		t.Fatalf("list %q: %v", body, err)
	}
	if svc.Name != "DEFAULT_GROUP@@demo" || svc.Clusters != "" || svc.CacheMillis == 0 || len(svc.Hosts) != 1 {
		t.Fatalf("list as the SDK sees it: %+v", svc)
	}
	h := svc.Hosts[0]
	if h.IP != "10.0.0.5" || h.Port != 8080 || h.Weight != 10 || !h.Enable || !h.Healthy || !h.Valid ||
		h.ClusterName != "DEFAULT" || h.Metadata["idc"] != "sh" || !h.Ephemeral {
		t.Fatalf("host as the SDK sees it: %+v", h)
	}

	// GetAllServicesInfo / GetServiceList (GET).
	body = serve(sdkRequest(http.MethodGet, base+"/service/list?namespaceId=&groupName=DEFAULT_GROUP&pageNo=1&pageSize=10", ""))
	var list sdkServiceList
	if err := json.Unmarshal([]byte(body), &list); err != nil || list.Count != 1 || len(list.Doms) != 1 || list.Doms[0] != "demo" {
		t.Fatalf("service list %q: %+v %v", body, list, err)
	}

	// ServerHealthy (GET metrics, no parameters).
	var status struct {
		Status string `json:"status"`
	}
	body = serve(sdkRequest(http.MethodGet, base+"/operator/metrics", ""))
	if err := json.Unmarshal([]byte(body), &status); err != nil || status.Status != "UP" {
		t.Fatalf("metrics %q", body)
	}

	// DeregisterInstance (DELETE, raw query; ephemeral false unless set).
	if got := serve(sdkRequest(http.MethodDelete, base+"/instance?namespaceId=&serviceName=DEFAULT_GROUP@@demo"+
		"&clusterName=&ip=10.0.0.5&port=8080&ephemeral=false", "")); got != "ok" {
		t.Fatalf("deregister answered %q", got)
	}
	if _, n := e.reg.Counts(); n != 0 {
		t.Fatalf("%d instances after the SDK deregistered", n)
	}
}
