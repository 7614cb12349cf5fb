package bridge

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/http2rpc/dubbo"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// oneMapping is a Mappings of one mapping of gateway default/gw1.
type oneMapping struct{ m *http2rpc.Mapping }

func (o oneMapping) Get(k gateway.Key, id string) (*http2rpc.Mapping, error) {
	if k != (gateway.Key{Project: "default", ID: "gw1"}) || id != o.m.ID {
		return nil, registry.Errorf(registry.KindNotFound, "no mapping %s", id)
	}
	return o.m, nil
}

// Every answer the bridge gives without a provider's help: 404 for a
// request no mapping claims, 400 naming a bad parameter, 503 without a
// healthy provider and for one that cannot be reached.
func TestServeHTTPAnswers(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	nr, err := naming.New(context.Background(), st, naming.Options{Logger: log, CheckInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer nr.Close()
	m := &http2rpc.Mapping{ID: "m1", Name: "users", RouteDestinationName: "providers:com.example.S::",
		Dubbo: http2rpc.Dubbo{Service: "com.example.S", Methods: []http2rpc.Method{*method("/users/{id}", p("id", "PATH", "int"))}}}
	pool := dubbo.NewPool(dubbo.Options{})
	defer pool.Close()
	srv := New(oneMapping{m}, nr, pool, Options{Logger: log, Timeout: 2 * time.Second})
	target := func(id string, i int) string {
		return http2rpc.Target{Gateway: gateway.Key{Project: "default", ID: "gw1"}, MappingID: id, Method: i}.String()
	}
	send := func(path, header string) (int, string) {
		r := httptest.NewRequest("POST", path, nil)
		if header != "" {
			r.Header.Set(http2rpc.Header, header)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	cases := []struct {
		name, path, header string
		status             int
		detail             string
	}{
		{"no header", "/users/1", "", 404, "is not project/gateway/mapping/method"},
		{"unknown mapping", "/users/1", target("m2", 0), 404, "no mapping m2"},
		{"no such method", "/users/1", target("m1", 3), 404, "has no method 3"},
		{"bad parameter", "/users/x", target("m1", 0), 400, `id\" (int)`},
		{"no provider", "/users/1", target("m1", 0), 503, "no healthy provider of providers:com.example.S::"},
	}
	for _, c := range cases {
		code, body := send(c.path, c.header)
		if code != c.status || !strings.Contains(body, c.detail) {
			t.Errorf("%s: %d %s, want %d with %q", c.name, code, body, c.status, c.detail)
		}
	}
	// A registered provider nobody listens on: unreachable, 503.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	err = nr.Register(context.Background(), naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP",
		Name: m.RouteDestinationName}, IP: "127.0.0.1", Port: port, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true})
	if err != nil {
		t.Fatal(err)
	}
	if code, body := send("/users/1", target("m1", 0)); code != http.StatusServiceUnavailable || !strings.Contains(body, "dial") {
		t.Fatalf("an unreachable provider: %d %s", code, body)
	}
}

// With a seal, only requests a gateway route signed reach a mapping, and
// the signed route timeout caps what the request asks for.
func TestSealedBridge(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seal, err := http2rpc.LoadSeal(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	m := &http2rpc.Mapping{ID: "m1", Name: "users", RouteDestinationName: "providers:com.example.S::",
		Dubbo: http2rpc.Dubbo{Service: "com.example.S", Methods: []http2rpc.Method{*method("/users/{id}", p("id", "PATH", "int"))}}}
	nr, err := naming.New(context.Background(), st, naming.Options{Logger: log, CheckInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer nr.Close()
	srv := New(oneMapping{m}, nr, nil, Options{Logger: log, Timeout: 2 * time.Second, Seal: seal})
	target := http2rpc.Target{Gateway: gateway.Key{Project: "default", ID: "gw1"}, MappingID: "m1"}.String()
	for _, c := range []struct {
		name, seal string
		status     int
	}{
		{"no seal", "", 403},
		{"made up", "3000." + strings.Repeat("0", 64), 403},
		{"another key's", http2rpc.Seal("another key of thirty-two bytes!").Sign(target, 3*time.Second), 403},
		{"signed", seal.Sign(target, 3*time.Second), 503}, // admitted: no provider
	} {
		r := httptest.NewRequest("GET", "/users/1", nil)
		r.Header.Set(http2rpc.Header, target)
		r.Header.Set(http2rpc.SealHeader, c.seal)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body.String(), c.status)
		}
	}
	for _, c := range []struct {
		name, asked string
		limit, want time.Duration
	}{
		{"route's cap", "600000", 3 * time.Second, 3 * time.Second},
		{"shorter asked", "500", 3 * time.Second, 500 * time.Millisecond},
		{"none asked", "", 3 * time.Second, 3 * time.Second},
	} {
		r := httptest.NewRequest("GET", "/users/1", nil)
		if c.asked != "" {
			r.Header.Set("x-envoy-expected-rq-timeout-ms", c.asked)
		}
		if got := srv.timeout(r, c.limit); got != c.want {
			t.Errorf("%s: timeout %v, want %v", c.name, got, c.want)
		}
	}
}
