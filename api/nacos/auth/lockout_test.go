package auth_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// clientFrom answers an HTTP client whose connections leave from ip (any
// 127.0.0.0/8 address works on Linux loopback), so that a test can play
// several hosts against one real server.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 16}
	return &http.Client{Transport: tr}
}

// loginServer is a real HTTP server with the Nacos login routes over svc.
func loginServer(t testing.TB, opts auth.Options) (*httptest.Server, *auth.Service) {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, opts)
	if _, err := svc.Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, httpx.NewTokenAuth(svc), nacosauth.Dialect(svc, nacosauth.Options{}),
		httpx.Dialect{Name: "probe", Routes: []httpx.Route{{Pattern: "GET /probe",
			Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })}},
			Deny: nacosauth.Deny})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, svc
}

// loginOver posts a Nacos v1 login and answers the status and body.
func loginOver(c *http.Client, base, route, user, pass string) (int, string, error) {
	resp, err := c.PostForm(base+route, url.Values{"username": {user}, "password": {pass}})
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// Regression (issue 17, finding 4): throttling was per username, so one
// host guessing nacos's password kept the real admin out everywhere. Now
// the guessing host is throttled and the admin, elsewhere, logs in.
func TestAttackerElsewhereDoesNotLockAdminOut(t *testing.T) {
	srv, _ := loginServer(t, auth.Options{PasswordCost: bcrypt.MinCost})
	attacker, admin := clientFrom("127.0.0.2"), clientFrom("127.0.0.3")
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[string]int{}
	for range 8 {
		wg.Go(func() {
			for range 10 {
				code, body, err := loginOver(attacker, srv.URL, "/nacos/v1/auth/login", auth.DefaultAdmin, "guess")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				answers[body]++
				mu.Unlock()
				if code != http.StatusForbidden {
					t.Errorf("a wrong guess answered %d %q", code, body)
				}
			}
		})
	}
	wg.Wait()
	if answers[badCredentials] > 5 {
		t.Fatalf("%d of 80 parallel guesses reached the password check: %v", answers[badCredentials], answers)
	}
	// The attacker's host is throttled, even with the right password...
	if code, body, _ := loginOver(attacker, srv.URL, "/nacos/v1/auth/login", auth.DefaultAdmin, "S3cret-pw"); code != http.StatusForbidden ||
		!strings.HasPrefix(body, "too many failed logins") {
		t.Fatalf("attacker's host with the right password: %d %q", code, body)
	}
	// ...and the admin, from another host, is not, on every login route.
	for _, route := range routes {
		if code, body, err := loginOver(admin, srv.URL, route, auth.DefaultAdmin, "S3cret-pw"); err != nil || code != http.StatusOK {
			t.Fatalf("admin login on %s during the attack: %d %q %v", route, code, body, err)
		}
	}
}
