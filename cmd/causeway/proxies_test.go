package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/badger"
)

// Behind a trusted proxy, login throttling counts each client behind it
// on its own: an attacker's failures lock out the attacker, not the admin
// logging in through the same proxy. A client that is not a trusted proxy
// cannot choose its address by sending X-Forwarded-For.
func TestLoginThrottleSeesClientsBehindTrustedProxy(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaults()
	cfg.AdminPassword = "Proxy-test-pw-1"
	cfg.TrustedProxies = []string{"192.0.2.0/24"}
	a, err := wire(context.Background(), cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.close(); _ = st.Close() })
	login := func(peer, forwarded, password string) (int, string) {
		req := httptest.NewRequest(http.MethodPost, "/nacos/v1/auth/login",
			strings.NewReader(url.Values{"username": {"nacos"}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = peer
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	const proxy = "192.0.2.10:5555"
	throttled := false
	for range 30 {
		if _, body := login(proxy, "198.51.100.66", "wrong-guess"); strings.Contains(body, "too many failed logins") {
			throttled = true
			break
		}
	}
	if !throttled {
		t.Fatal("the attacker behind the proxy was never throttled")
	}
	if code, body := login(proxy, "198.51.100.66", cfg.AdminPassword); code == http.StatusOK {
		t.Fatalf("the throttled attacker logged in: %s", body)
	}
	if code, body := login(proxy, "203.0.113.1", cfg.AdminPassword); code != http.StatusOK {
		t.Fatalf("the admin behind the same proxy is locked out: %d %s", code, body)
	}
	// A direct client naming another address in the header is still
	// itself.
	for range 30 {
		login("198.51.100.99:1", "", "wrong-guess")
	}
	if code, _ := login("198.51.100.99:1", "203.0.113.77", cfg.AdminPassword); code == http.StatusOK {
		t.Fatal("an untrusted client escaped its throttle by sending X-Forwarded-For")
	}
}
