package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func login(t *testing.T, s *server, password string) string {
	t.Helper()
	code, body := call(t, http.MethodPost, s.url("/nacos/v1/auth/login"),
		url.Values{"username": {"nacos"}, "password": {password}})
	if code != http.StatusOK {
		t.Fatalf("login: %d %s", code, body)
	}
	var tok struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("login answer %s: %v", body, err)
	}
	return tok.AccessToken
}

// With auth on, APIs need a token and probes do not; persistent instances,
// users and the signing secret survive a SIGTERM restart.
func TestAuthAndRestart(t *testing.T) {
	dir := t.TempDir()
	s := start(t, dir, "--admin-password", adminPassword)
	register := url.Values{"serviceName": {"durable"}, "ip": {"10.1.1.1"}, "port": {"80"}, "ephemeral": {"false"}}

	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), register); code != http.StatusForbidden {
		t.Fatalf("register without token: %d %s", code, body)
	}
	for _, probe := range []string{"/nacos/v1/console/health/liveness", "/nacos/v1/console/health/readiness", "/healthz"} {
		if code, _ := call(t, http.MethodGet, s.url(probe), nil); code != http.StatusOK {
			t.Fatalf("%s with auth on: %d", probe, code)
		}
	}
	token := login(t, s, adminPassword)
	register.Set("accessToken", token)
	if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), register); code != http.StatusOK || body != "ok" {
		t.Fatalf("register: %d %s", code, body)
	}
	s.stop()

	s2 := start(t, dir, "--admin-password", "ignored-after-first-start")
	list := url.Values{"serviceName": {"durable"}, "accessToken": {token}}
	code, body := call(t, http.MethodGet, s2.url("/nacos/v1/ns/instance/list"), list)
	if code != http.StatusOK || !strings.Contains(body, `"ip":"10.1.1.1"`) {
		t.Fatalf("after restart (token from before): %d %s", code, body)
	}
	if strings.Contains(s2.out.String(), "generated password") {
		t.Fatal("a restart generated a new admin password")
	}
	login(t, s2, adminPassword)
}
