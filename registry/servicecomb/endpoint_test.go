package servicecomb

import "testing"

func TestAddress(t *testing.T) {
	cases := []struct {
		eps  []string
		host string
		port int
		ok   bool
	}{
		{[]string{"rest://127.0.0.1:8080"}, "127.0.0.1", 8080, true},
		{[]string{"rest:127.0.0.1:8080"}, "127.0.0.1", 8080, true},
		{[]string{"highway://10.0.0.1:7070", "rest://10.0.0.2:8080?sslEnabled=false"}, "10.0.0.2", 8080, true},
		{[]string{"grpc://10.0.0.1:9090"}, "10.0.0.1", 9090, true},
		{[]string{"rest://[::1]:8080/path"}, "::1", 8080, true},
		{[]string{"rest://host-only", "rest://h:0", "rest://h:70000", ":1", "rest://:80"}, "", 0, false},
		{nil, "", 0, false},
	}
	for _, c := range cases {
		h, p, ok := address(c.eps)
		if h != c.host || p != c.port || ok != c.ok {
			t.Errorf("%v: %s %d %v", c.eps, h, p, ok)
		}
	}
}

// FuzzParseEndpoint: no endpoint string panics the parser, and a parsed
// one has a host and a port in range.
func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"rest://127.0.0.1:8080", "rest:1.2.3.4:1", "x://[::1]:1?a", "::::", "rest://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, h, p, ok := parseEndpoint(s)
		if ok && (h == "" || p <= 0 || p > 65535) {
			t.Fatalf("%q → %q %d", s, h, p)
		}
	})
}
