package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// What the Maintainer SDK's ai calls wrote is admin-only, and the REF
// endpoint of "sdk-ref-mcp" follows its naming service: an instance moved
// to another port is what the detail answers next.
func TestMaintainerAIFollowsNaming(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	if checks := runMaintainer(t, s, "ai"); len(checks) == 0 {
		t.Fatal("the scenario checked nothing")
	}
	detail := s.url("/nacos/v3/admin/ai/mcp?mcpName=sdk-ref-mcp")
	if code, body := call(t, http.MethodGet, detail, nil); code != http.StatusForbidden {
		t.Fatalf("without a token: %d %s", code, body)
	}
	token := login(t, s, adminPassword)
	backends := func() []string {
		code, body := call(t, http.MethodGet, detail+"&accessToken="+token, nil)
		var r struct {
			Data struct {
				BackendEndpoints []struct {
					Address string `json:"address"`
					Port    int    `json:"port"`
				} `json:"backendEndpoints"`
			} `json:"data"`
		}
		if code != 200 || json.Unmarshal([]byte(body), &r) != nil {
			t.Fatalf("detail: %d %s", code, body)
		}
		var out []string
		for _, b := range r.Data.BackendEndpoints {
			out = append(out, b.Address+":"+strconv.Itoa(b.Port))
		}
		return out
	}
	if got := backends(); len(got) != 1 || got[0] != "10.1.2.3:9090" {
		t.Fatalf("backends before the move: %v", got)
	}
	instance := func(method, port string) {
		q := url.Values{"serviceName": {"sdk-mcp-backend"}, "ip": {"10.1.2.3"}, "port": {port}, "ephemeral": {"false"}, "accessToken": {token}}
		if code, body := call(t, method, s.url("/nacos/v3/admin/ns/instance?"+q.Encode()), nil); code != 200 {
			t.Fatalf("%s instance :%s: %d %s", method, port, code, body)
		}
	}
	instance(http.MethodPost, "9191")
	instance(http.MethodDelete, "9090")
	if got := backends(); len(got) != 1 || got[0] != "10.1.2.3:9191" {
		t.Fatalf("backends after the move: %v", got)
	}
}
