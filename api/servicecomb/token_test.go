package servicecomb

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// POST /v4/token is throttled per client address: wrong passwords for
// nacos from one host end in the throttled answer (still 401202), while
// the right one from another host gets its token.
func TestTokenThrottledPerAddress(t *testing.T) {
	f := newFixture(t, true)
	token := func(remote, password string) answer {
		req := httptest.NewRequest("POST", "/v4/token", strings.NewReader(`{"name":"nacos","password":"`+password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		f.mux.ServeHTTP(rec, req)
		return answer{rec.Code, rec.Header(), rec.Body.String()}
	}
	for range 5 {
		token("203.0.113.9:4000", "wrong").wantError(t, 401, "401202")
	}
	if a := token("203.0.113.9:4001", "secret-pass-1"); a.code != 401 || !strings.Contains(a.raw, "too many failed logins") {
		t.Fatalf("attacker's host with the right password: %d %s", a.code, a.raw)
	}
	if a := token("198.51.100.7:4000", "secret-pass-1"); a.code != 200 || a.field(t, "token") == "" {
		t.Fatalf("another host: %d %s", a.code, a.raw)
	}
}
