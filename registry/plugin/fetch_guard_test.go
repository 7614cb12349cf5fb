package plugin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
)

func TestInternalClass(t *testing.T) {
	cases := []struct{ addr, class string }{
		{"127.0.0.1", "loopback"}, {"127.255.255.254", "loopback"}, {"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"}, {"64:ff9b::7f00:1", "loopback"}, // IPv4-mapped, NAT64
		{"10.1.2.3", "private"}, {"172.16.0.1", "private"}, {"172.31.255.255", "private"}, {"192.168.1.1", "private"},
		{"::ffff:10.0.0.1", "private"}, {"fd00::1", "private (unique local)"}, {"fc00::1", "private (unique local)"},
		{"169.254.169.254", "link-local"}, {"::ffff:169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"0.0.0.0", "unspecified"}, {"0.1.2.3", "unspecified"}, {"::", "unspecified"}, {"::ffff:0.0.0.0", "unspecified"},
		{"224.0.0.1", "multicast"}, {"239.255.255.250", "multicast"}, {"ff02::1", "multicast"},
		{"100.64.0.1", "shared (CGNAT)"}, {"100.127.255.255", "shared (CGNAT)"},
		{"255.255.255.255", "reserved"}, {"::127.0.0.1", "IPv4-compatible"}, {"fec0::1", "site-local"},
		// Public, or at least not this host's networks.
		{"8.8.8.8", ""}, {"172.32.0.1", ""}, {"100.128.0.1", ""}, {"203.0.113.10", ""}, {"192.169.0.1", ""},
		{"2606:4700::1111", ""}, {"64:ff9b::808:808", ""}, {"::ffff:8.8.8.8", ""},
	}
	for _, c := range cases {
		if got := internalClass(netip.MustParseAddr(c.addr)); got != c.class {
			t.Errorf("%s: class %q, want %q", c.addr, got, c.class)
		}
	}
}

func TestParseFetchAllow(t *testing.T) {
	good := []string{"127.0.0.0/8", "::1", "10.0.0.5", "fd00::/8", "localhost", "plugins.corp:443", "127.0.0.1:8080",
		"[::1]:8080", "Registry.Example."}
	if _, err := ParseFetchAllow(good); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "10.0.0.0/33", "host:99999", "host:0", "http://x", "a b", "x/y", "[::1]"} {
		if _, err := ParseFetchAllow([]string{bad}); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// counter is a loopback HTTP server that counts the requests reaching it.
type counter struct {
	*httptest.Server
	hits atomic.Int64
}

func newCounter(t *testing.T, h http.HandlerFunc) *counter {
	t.Helper()
	c := &counter{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *counter) port() string {
	return strconv.Itoa(c.Listener.Addr().(*net.TCPAddr).Port)
}

// inetAton resolves the numeric host forms glibc's resolver accepts
// (2130706433, 0x7f000001, 0177.0.0.1, 127.1) as it does, to 127.0.0.1:
// whatever a resolver makes of a name, the address dialled is checked.
func inetAton(_ context.Context, host string) ([]netip.Addr, error) {
	switch host {
	case "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "localhost":
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, fmt.Errorf("no such host %s", host)
}

// A fetch never reaches an internal address the allow-list does not name,
// however the URL spells it, for HTTP and OCI alike.
func TestFetchRefusesInternalTargets(t *testing.T) {
	module := noop(t)
	srv := newCounter(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(module) })
	port := srv.port()
	cases := []struct {
		url      string
		resolver Resolver
	}{
		{"http://127.0.0.1:" + port + "/m.wasm", nil},
		{"http://localhost:" + port + "/m.wasm", nil},
		{"http://0.0.0.0:" + port + "/m.wasm", nil},
		{"http://[::ffff:127.0.0.1]:" + port + "/m.wasm", nil},
		{"http://[::ffff:7f00:1]:" + port + "/m.wasm", nil},
		{"http://[::1]:" + port + "/m.wasm", nil},
		{"http://[::]:" + port + "/m.wasm", nil},
		{"https://127.0.0.1:" + port + "/m.wasm", nil},
		{"http://169.254.169.254/latest/meta-data/", nil},
		{"http://[fd00::1]:" + port + "/m.wasm", nil},
		{"http://10.0.0.1:" + port + "/m.wasm", nil},
		{"http://100.64.0.1:" + port + "/m.wasm", nil},
		{"http://224.0.0.1:" + port + "/m.wasm", nil},
		{"http://2130706433:" + port + "/m.wasm", inetAton},
		{"http://0x7f000001:" + port + "/m.wasm", inetAton},
		{"http://0177.0.0.1:" + port + "/m.wasm", inetAton},
		{"http://127.1:" + port + "/m.wasm", inetAton},
		{"oci://127.0.0.1:" + port + "/plugins/m:v1", nil},
		{"oci://localhost:" + port + "/plugins/m:v1", inetAton},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			f := NewFetcher(FetcherOptions{Resolver: c.resolver})
			_, err := f.Fetch(context.Background(), c.url, nil)
			if !errors.Is(err, ErrInternalAddress) {
				t.Fatalf("err %v, want ErrInternalAddress", err)
			}
		})
	}
	// With the system's resolver the numeric forms either resolve to
	// loopback (glibc) or not at all (Go's): refused either way.
	for _, h := range []string{"2130706433", "0x7f000001", "0177.0.0.1", "127.1"} {
		if _, err := NewFetcher(FetcherOptions{}).Fetch(context.Background(), "http://"+h+":"+port+"/m.wasm", nil); err == nil {
			t.Errorf("%s was fetched", h)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Fatalf("the loopback server answered %d requests", n)
	}
}

// public is a test world where public-looking names reach loopback test
// servers: the resolver answers documentation (public) addresses and the
// dial hook routes those to the servers, below the guard's check.
type public struct {
	names map[string]string // host name -> address the resolver answers
	route map[string]string // answered address:port -> test server address
}

func (p *public) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, ok := p.names[strings.ToLower(strings.TrimSuffix(host, "."))]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return inetAton(ctx, host)
}

func (p *public) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	to, ok := p.route[addr]
	if !ok {
		to = addr // allowed loopback targets
	}
	var d net.Dialer
	return d.DialContext(ctx, network, to)
}

func (p *public) fetcher(allow *FetchAllow) Fetcher {
	return NewFetcher(FetcherOptions{Resolver: p.resolve, Dial: p.dial, Allow: allow})
}

func TestFetchRedirects(t *testing.T) {
	module := noop(t)
	internal := newCounter(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(module) })
	front := newCounter(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		_, _ = fmt.Sscanf(r.URL.Path, "/hop/%d", &n)
		switch {
		case r.URL.Path == "/m.wasm":
			_, _ = w.Write(module)
		case r.URL.Path == "/to-loopback":
			http.Redirect(w, r, internal.URL+"/m.wasm", http.StatusFound)
		case r.URL.Path == "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case r.URL.Path == "/to-rebound":
			http.Redirect(w, r, "http://rebound.example:"+internal.port()+"/m.wasm", http.StatusTemporaryRedirect)
		case n > 0:
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
		default:
			_, _ = w.Write(module) // /hop/0
		}
	})
	p := &public{names: map[string]string{"plugins.example": "203.0.113.10", "rebound.example": "127.0.0.1"},
		route: map[string]string{"203.0.113.10:80": front.Listener.Addr().String()}}
	f := p.fetcher(nil)
	if b, err := f.Fetch(context.Background(), "http://plugins.example/m.wasm", nil); err != nil || !bytes.Equal(b, module) {
		t.Fatalf("public fetch: %v", err)
	}
	for _, path := range []string{"/to-loopback", "/to-metadata", "/to-rebound"} {
		if _, err := f.Fetch(context.Background(), "http://plugins.example"+path, nil); !errors.Is(err, ErrInternalAddress) {
			t.Errorf("redirect %s: err %v, want ErrInternalAddress", path, err)
		}
	}
	if n := internal.hits.Load(); n != 0 {
		t.Fatalf("a redirect reached the internal server %d times", n)
	}
	if _, err := f.Fetch(context.Background(), fmt.Sprintf("http://plugins.example/hop/%d", MaxRedirects), nil); err != nil {
		t.Fatalf("%d redirects: %v", MaxRedirects, err)
	}
	before := front.hits.Load()
	_, err := f.Fetch(context.Background(), fmt.Sprintf("http://plugins.example/hop/%d", MaxRedirects+1), nil)
	if err == nil || !strings.Contains(err.Error(), "redirected more than") {
		t.Fatalf("%d redirects: %v", MaxRedirects+1, err)
	}
	if n := front.hits.Load() - before; n != MaxRedirects+1 {
		t.Fatalf("%d requests for %d redirects, want %d", n, MaxRedirects+1, MaxRedirects+1)
	}
}

func TestFetchAllowList(t *testing.T) {
	module := noop(t)
	srv := newCounter(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(module) })
	port := srv.port()
	p := &public{names: map[string]string{"plugins.corp": "10.0.0.5"},
		route: map[string]string{"10.0.0.5:" + port: srv.Listener.Addr().String()}}
	cases := []struct {
		allow []string
		url   string
		ok    bool
	}{
		{[]string{"127.0.0.0/8"}, "http://127.0.0.1:" + port + "/m.wasm", true},
		{[]string{"127.0.0.1"}, "http://127.0.0.1:" + port + "/m.wasm", true},
		{[]string{"127.0.0.1"}, "http://[::ffff:127.0.0.1]:" + port + "/m.wasm", true},
		{[]string{"127.0.0.1:" + port}, "http://127.0.0.1:" + port + "/m.wasm", true},
		{[]string{"127.0.0.1:1"}, "http://127.0.0.1:" + port + "/m.wasm", false},
		{[]string{"localhost"}, "http://localhost:" + port + "/m.wasm", true},
		{[]string{"localhost"}, "http://127.0.0.1:" + port + "/m.wasm", false},
		{[]string{"plugins.corp"}, "http://plugins.corp:" + port + "/m.wasm", true},
		{[]string{"plugins.corp:" + port}, "http://PLUGINS.corp.:" + port + "/m.wasm", true},
		{[]string{"10.0.0.0/8"}, "http://plugins.corp:" + port + "/m.wasm", true},
		{[]string{"10.0.0.0/8"}, "http://127.0.0.1:" + port + "/m.wasm", false},
		{[]string{"::1"}, "http://127.0.0.1:" + port + "/m.wasm", false},
		{nil, "http://plugins.corp:" + port + "/m.wasm", false},
	}
	for _, c := range cases {
		allow, err := ParseFetchAllow(c.allow)
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.fetcher(allow).Fetch(context.Background(), c.url, nil)
		switch {
		case c.ok && (err != nil || !bytes.Equal(b, module)):
			t.Errorf("allow %v, %s: %v", c.allow, c.url, err)
		case !c.ok && !errors.Is(err, ErrInternalAddress):
			t.Errorf("allow %v, %s: err %v, want ErrInternalAddress", c.allow, c.url, err)
		}
	}
}

// An OCI registry on a public name serves the module over HTTPS; when it
// redirects the blob to a loopback address, as registries redirect blobs
// to storage, the fetch refuses to follow.
func TestFetchOCIRedirectToInternal(t *testing.T) {
	module := noop(t)
	h := ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0)))
	plain := httptest.NewServer(h) // where the test pushes
	t.Cleanup(plain.Close)
	ref := push(t, strings.TrimPrefix(plain.URL, "http://"), "plugins/m:v1", wasmImage(t, module))
	internal := newCounter(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(module) })
	var redirectBlobs atomic.Bool
	reg := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if redirectBlobs.Load() && strings.Contains(r.URL.Path, "/blobs/") {
			http.Redirect(w, r, internal.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(reg.Close)
	p := &public{names: map[string]string{"registry.example.com": "203.0.113.20"},
		route: map[string]string{"203.0.113.20:443": reg.Listener.Addr().String()}}
	f := NewFetcher(FetcherOptions{Resolver: p.resolve, Dial: p.dial, TLS: reg.Client().Transport.(*http.Transport).TLSClientConfig})
	url := "oci://registry.example.com/" + strings.SplitN(strings.TrimPrefix(ref, "oci://"), "/", 2)[1]
	if b, err := f.Fetch(context.Background(), url, nil); err != nil || !bytes.Equal(b, module) {
		t.Fatalf("fetch %s: %v", url, err)
	}
	redirectBlobs.Store(true)
	if _, err := f.Fetch(context.Background(), url, nil); !errors.Is(err, ErrInternalAddress) {
		t.Fatalf("blob redirected to loopback: err %v, want ErrInternalAddress", err)
	}
	if n := internal.hits.Load(); n != 0 {
		t.Fatalf("the redirect reached the internal server %d times", n)
	}
}
