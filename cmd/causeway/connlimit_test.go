package main

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Over the limit a connection is closed at accept; closing one frees its
// slot; refusals are counted.
func TestConnLimitOverRealConnections(t *testing.T) {
	l := newConnLimit("test", 2, 0)
	l.register(prometheus.NewRegistry())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim := l.wrap(ln)
	defer lim.Close()
	accepted := make(chan net.Conn, 8)
	go func() {
		for {
			c, err := lim.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	first, _ := dial(), dial()
	held := []net.Conn{<-accepted, <-accepted}
	third := dial()
	if !closedByPeer(third) {
		t.Fatal("the third connection was kept")
	}
	if n := testutil.ToFloat64(l.refused.WithLabelValues("all")); n != 1 {
		t.Fatalf("refused{all} = %v", n)
	}
	if n := testutil.ToFloat64(l.open); n != 2 {
		t.Fatalf("open = %v", n)
	}
	_ = held[0].Close()
	_ = held[0].Close() // twice frees one slot, not two
	_ = first.Close()
	dial()
	select {
	case <-accepted:
	case <-time.After(5 * time.Second):
		t.Fatal("a freed slot was not given to the next connection")
	}
	if extra := dial(); !closedByPeer(extra) {
		t.Fatal("a double close freed two slots")
	}
}

// closedByPeer reports whether the server closed c (a read ends at once).
func closedByPeer(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF) || (err != nil && !isTimeout(err))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestConnLimitPerHost(t *testing.T) {
	l := newConnLimit("test", 0, 2)
	for i, c := range []struct {
		host string
		want string
	}{
		{"10.0.0.1", ""}, {"10.0.0.1", ""}, {"10.0.0.1", "per_host"}, {"10.0.0.2", ""},
		{"127.0.0.1", ""}, {"127.0.0.1", ""}, {"127.0.0.1", ""}, {"::1", ""}, // loopback exempt
	} {
		if got := l.admit(c.host); got != c.want {
			t.Fatalf("#%d admit(%s) = %q, want %q", i, c.host, got, c.want)
		}
	}
	l.release("10.0.0.1")
	if got := l.admit("10.0.0.1"); got != "" {
		t.Fatalf("after a release: %q", got)
	}
	if len(l.hosts) != 4 {
		t.Fatalf("hosts = %v", l.hosts)
	}
	l.release("10.0.0.2")
	if _, ok := l.hosts["10.0.0.2"]; ok {
		t.Fatal("a host with no connection left is still tracked")
	}
}
