package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A malformed project id in a ServiceComb, CSE or kie path is that
// dialect's invalid-parameter error, never a 200 (issue 17 finding 8:
// "..%2f..%2f" was served as a project).
func TestMalformedProjectIsInvalidParameter(t *testing.T) {
	a, _ := newTestApp(t)
	srv := httptest.NewServer(a.handler)
	defer srv.Close()
	routes := []struct {
		dialect, path, code string
	}{
		{"servicecomb", "/v4/%s/registry/microservices", `"errorCode":"400001"`},
		{"cse", "/v3/%s/govern/governance/display", `"error_code":"SVCSTG.00400100"`},
		{"cse gateway", "/v2/%s/enginemgr/gateways/gw1", `"error_code":"SVCSTG.00400100"`},
		{"kie", "/v1/%s/kie/kv", `"error_code":"400001"`},
	}
	for _, rt := range routes {
		for _, project := range []string{"..%2f..%2f", "..%2fetc", ".hidden", "a%20b", strings.Repeat("p", 129)} {
			t.Run(rt.dialect+" "+project[:min(len(project), 12)], func(t *testing.T) {
				resp, err := http.Get(srv.URL + strings.Replace(rt.path, "%s", project, 1))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), rt.code) || !strings.Contains(string(b), "project_id") {
					t.Fatalf("answered %d %s, want 400 with %s about project_id", resp.StatusCode, b, rt.code)
				}
			})
		}
		t.Run(rt.dialect+" default", func(t *testing.T) {
			resp, err := http.Get(srv.URL + strings.Replace(rt.path, "%s", "default", 1))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), "project_id") {
				t.Fatalf("a valid project was refused: %d %s", resp.StatusCode, b)
			}
		})
	}
}
