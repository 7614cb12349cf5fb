package servicecomb

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The public health route answers the address the server listens on, not
// the request's Host header (issue 17 finding 8).
func TestHealthIgnoresHostHeader(t *testing.T) {
	f := newFixture(t, true)
	srv := httptest.NewServer(f.mux)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+reg+"/health", nil)
	req.Host = "evil.example:666"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans struct {
		Instances []struct {
			HostName  string   `json:"hostName"`
			Endpoints []string `json:"endpoints"`
		} `json:"instances"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != 200 || len(ans.Instances) != 1 {
		t.Fatalf("health: %d %+v %v", resp.StatusCode, ans, err)
	}
	self := ans.Instances[0]
	want := "rest://" + strings.TrimPrefix(srv.URL, "http://")
	if len(self.Endpoints) != 1 || self.Endpoints[0] != want || strings.Contains(self.HostName, "evil") {
		t.Fatalf("health answered %+v, want endpoint %s and no trace of the Host header", self, want)
	}
}
