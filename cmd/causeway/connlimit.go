package main

import (
	"net"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// connLimit bounds the connections a listener holds, in all and per
// client address, so that one host cannot hold the port's memory (each
// idle xDS connection costs ~90 KiB, docs/SECURITY.md) nor starve the
// fleet. A connection over a limit is closed as soon as it is accepted:
// the client sees its connection reset and retries, as after a restart;
// one blocked in the accept queue would hold its slot in the kernel
// instead and delay everyone behind it.
type connLimit struct {
	max, perHost int // 0: no limit

	mu    sync.Mutex
	total int
	hosts map[string]int

	open    prometheus.GaugeFunc
	refused *prometheus.CounterVec
}

func newConnLimit(port string, max, perHost int) *connLimit {
	l := &connLimit{max: max, perHost: perHost, hosts: map[string]int{}}
	labels := prometheus.Labels{"port": port}
	l.open = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "causeway_connections", Help: "Connections held now.",
		ConstLabels: labels}, func() float64 { l.mu.Lock(); defer l.mu.Unlock(); return float64(l.total) })
	l.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "causeway_connections_refused_total",
		Help: "Connections closed at accept for a limit: all (--*-max-connections) or per_host.", ConstLabels: labels},
		[]string{"limit"})
	return l
}

// register adds the limit's metrics to m.
func (l *connLimit) register(m prometheus.Registerer) { m.MustRegister(l.open, l.refused) }

// wrap answers ln with the limit applied.
func (l *connLimit) wrap(ln net.Listener) net.Listener { return &limitedListener{Listener: ln, l: l} }

// admit takes a slot for host, or answers which limit refused it.
func (l *connLimit) admit(host string) (refusedBy string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.max > 0 && l.total >= l.max:
		return "all"
	case l.perHost > 0 && l.hosts[host] >= l.perHost && !isLoopback(host):
		return "per_host"
	}
	l.total++
	l.hosts[host]++
	return ""
}

func (l *connLimit) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.hosts[host]--; l.hosts[host] <= 0 {
		delete(l.hosts, host)
	}
}

type limitedListener struct {
	net.Listener
	l *connLimit
}

func (ll *limitedListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := hostOf(c.RemoteAddr())
		if limit := ll.l.admit(host); limit != "" {
			ll.l.refused.WithLabelValues(limit).Inc()
			_ = c.Close()
			continue
		}
		return &limitedConn{Conn: c, release: sync.OnceFunc(func() { ll.l.release(host) })}, nil
	}
}

// isLoopback: clients on this host are its own processes (a local Envoy,
// a test fleet); the per-host limit is for hosts elsewhere.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostOf is the client address a connection counts against: its IP.
func hostOf(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return tcp.IP.String()
	}
	return a.String()
}

type limitedConn struct {
	net.Conn
	release func()
}

func (c *limitedConn) Close() error {
	c.release()
	return c.Conn.Close()
}
