package httpx

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The client address is the connection's, never a forwarded header.
func TestRemoteIP(t *testing.T) {
	cases := []struct {
		remote, xff string
		want        netip.Addr
	}{
		{"192.0.2.7:5555", "", netip.MustParseAddr("192.0.2.7")},
		{"[2001:db8::1]:443", "", netip.MustParseAddr("2001:db8::1")},
		{"192.0.2.7:5555", "198.51.100.1", netip.MustParseAddr("192.0.2.7")},
		{"192.0.2.9", "", netip.MustParseAddr("192.0.2.9")},
		{"@", "198.51.100.1", netip.Addr{}},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/nacos/v1/auth/login", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := RemoteIP(r); got != c.want {
			t.Errorf("RemoteIP(%q, XFF %q) = %v, want %v", c.remote, c.xff, got, c.want)
		}
	}
}
