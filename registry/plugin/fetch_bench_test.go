package plugin

import (
	"context"
	"net"
	"net/netip"
	"testing"
)

// The check a fetch adds per connection: classify an address. A public
// one is the worst case: it is compared with every refused block.
func BenchmarkInternalClass(b *testing.B) {
	a := netip.MustParseAddr("203.0.113.10")
	for b.Loop() {
		if internalClass(a) != "" {
			b.Fatal("refused a public address")
		}
	}
}

// A loopback connection through the guard (allow-listed, checked twice:
// before the dial and in Control) against a plain net.Dialer's.
func BenchmarkDial(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	g := &guard{allow: loopback(b)}
	var plain net.Dialer
	for _, d := range []struct {
		name string
		dial func(ctx context.Context, network, addr string) (net.Conn, error)
	}{{"plain", plain.DialContext}, {"guard", g.DialContext}} {
		b.Run(d.name, func(b *testing.B) {
			for b.Loop() {
				c, err := d.dial(context.Background(), "tcp", ln.Addr().String())
				if err != nil {
					b.Fatal(err)
				}
				_ = c.Close()
			}
		})
	}
}
