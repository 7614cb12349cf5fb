package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// upstream is a Go HTTP server standing for an instance behind Envoy: it
// answers any request with its id, in the body and in x-upstream.
type upstream struct {
	id   string
	addr string // ip:port it listens on
	port int
	hits atomic.Int64
	// status, when set, is the status it answers (a failing instance).
	status atomic.Int64
}

// startUpstream serves on ip:port (ip in 127.0.0.0/8; port 0 picks a free
// one, as several instances of a service on one host do) until the test
// ends.
func startUpstream(t *testing.T, ip string, port int, id string) *upstream {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("upstream %s: %v", id, err)
	}
	u := &upstream{id: id, addr: ln.Addr().String(), port: ln.Addr().(*net.TCPAddr).Port}
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u.hits.Add(1)
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("x-upstream", id)
			// Request headers named x-echo-* come back, so a test can see
			// what the proxy sent (plugins, rewrites).
			for name, vs := range r.Header {
				if strings.HasPrefix(strings.ToLower(name), "x-echo-") {
					w.Header()[name] = vs
				}
			}
			w.Header().Set("Content-Type", "text/plain")
			if code := u.status.Load(); code != 0 {
				w.WriteHeader(int(code))
			}
			_, _ = io.WriteString(w, id)
		}),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("upstream %s: %v", id, err)
		}
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return u
}

// freePort answers a TCP port free on ip.
func freePort(t *testing.T, ip string) int {
	t.Helper()
	return sharedFreePort(t, ip)
}

// sharedFreePort answers a TCP port free on every one of ips at once.
func sharedFreePort(t *testing.T, ips ...string) int {
	t.Helper()
	if len(ips) == 0 {
		t.Fatal("sharedFreePort: no address")
	}
	var lastErr error
	for range 50 {
		first, err := net.Listen("tcp", net.JoinHostPort(ips[0], "0"))
		if err != nil {
			t.Fatalf("listen on %s: %v", ips[0], err)
		}
		port := first.Addr().(*net.TCPAddr).Port
		held := []net.Listener{first}
		ok := true
		for _, ip := range ips[1:] {
			ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
			if err != nil {
				ok, lastErr = false, err
				break
			}
			held = append(held, ln)
		}
		for _, ln := range held {
			_ = ln.Close()
		}
		if ok {
			return port
		}
	}
	t.Fatalf("no port free on all of %v: %v", ips, lastErr)
	return 0
}

// proxyAnswer is one request's fate through Envoy.
type proxyAnswer struct {
	status   int
	upstream string // x-upstream of the answer, "" if none
	body     string
	err      error
}

func (a proxyAnswer) String() string {
	if a.err != nil {
		return "error: " + a.err.Error()
	}
	return fmt.Sprintf("%d upstream=%q body=%q", a.status, a.upstream, a.body)
}

// proxyClient opens a connection per request, so a listener Envoy drains
// or replaces never leaves a stale pooled connection behind.
var proxyClient = &http.Client{
	Timeout:   3 * time.Second,
	Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
}

// proxyGet sends GET http://addr/ with the given Host header on a new
// connection.
func proxyGet(addr, host string) proxyAnswer { return getVia(proxyClient, addr, host) }

// getVia sends GET http://addr/ with the given Host header through client.
func getVia(client *http.Client, addr, host string) proxyAnswer {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/", nil)
	if err != nil {
		return proxyAnswer{err: err}
	}
	req.Host = host
	resp, err := client.Do(req)
	if err != nil {
		return proxyAnswer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return proxyAnswer{status: resp.StatusCode, upstream: resp.Header.Get("x-upstream"), body: string(b), err: err}
}
