package cse

import (
	"net/http"
	"testing"
)

// The gateway list answers the project's gateways sorted by id, each as a
// GET by id answers it, and nothing of other projects.
func TestGatewayList(t *testing.T) {
	f := newFixture(t, nil)
	const list = "/v2/default/enginemgr/gateways"
	if got := f.must(http.StatusOK, "GET", list, ""); got["total"] != 0.0 || len(got["data"].([]any)) != 0 {
		t.Fatalf("empty list answered %v", got)
	}
	f.must(http.StatusOK, "PUT", list+"/gw2", `{"listeners":[{"name":"http","port":8081}]}`)
	f.must(http.StatusOK, "PUT", list+"/gw1", gwBody)
	f.must(http.StatusOK, "PUT", "/v2/other/enginemgr/gateways/gw3", gwBody)
	got := f.must(http.StatusOK, "GET", list, "")
	data, _ := got["data"].([]any)
	if got["total"] != 2.0 || len(data) != 2 {
		t.Fatalf("list answered %v", got)
	}
	for i, id := range []string{"gw1", "gw2"} {
		g := data[i].(map[string]any)
		if g["id"] != id || len(g["listeners"].([]any)) != 1 {
			t.Fatalf("entry %d is %v, want %s", i, g, id)
		}
	}
	code, out := f.do("GET", "/v2/a%7Cb/enginemgr/gateways", "")
	wantError(t, code, out, http.StatusBadRequest, "SVCSTG.00400100", "project_id: must be")
}
