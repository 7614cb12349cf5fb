package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTrustProxies(t *testing.T) {
	trusted, err := ParseTrustedProxies([]string{"10.0.0.0/8", "192.0.2.7", "::ffff:198.51.100.1"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		peer   string
		xff    []string
		client string
	}{
		{"untrusted peer keeps its address", "203.0.113.5:4000", []string{"1.2.3.4"}, "203.0.113.5"},
		{"trusted peer, one hop", "10.1.2.3:4000", []string{"1.2.3.4"}, "1.2.3.4"},
		{"client-written entries on the left are ignored", "10.1.2.3:4000", []string{"6.6.6.6, 1.2.3.4"}, "1.2.3.4"},
		{"trusted hops are skipped", "10.1.2.3:4000", []string{"1.2.3.4, 10.9.9.9", "192.0.2.7"}, "1.2.3.4"},
		{"all trusted: the peer stays", "10.1.2.3:4000", []string{"10.2.2.2"}, "10.1.2.3"},
		{"no header: the peer stays", "10.1.2.3:4000", nil, "10.1.2.3"},
		{"malformed hop: nothing believed", "10.1.2.3:4000", []string{"1.2.3.4, bogus"}, "10.1.2.3"},
		{"IPv6 client", "192.0.2.7:1", []string{"2001:db8::1"}, "2001:db8::1"},
		{"single IP entry, mapped form", "198.51.100.1:1", []string{"1.2.3.4"}, "1.2.3.4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			h := TrustProxies(trusted, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				got = RemoteIP(r).String()
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = c.peer
			for _, v := range c.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if got != c.client {
				t.Fatalf("client %s, want %s", got, c.client)
			}
		})
	}
	for _, bad := range []string{"nope", "10.0.0.0/33", ""} {
		if _, err := ParseTrustedProxies([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzForwardedClient(f *testing.F) {
	f.Add("1.2.3.4, 10.0.0.1", "::1")
	f.Fuzz(func(t *testing.T, a, b string) {
		trusted, _ := ParseTrustedProxies([]string{"10.0.0.0/8"})
		h := TrustProxies(trusted, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = "10.0.0.1:1"
		req.Header["X-Forwarded-For"] = []string{a, b}
		h.ServeHTTP(httptest.NewRecorder(), req)
	})
}
