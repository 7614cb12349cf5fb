package plugin

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// ErrInternalAddress is the cause of a fetch refused because its target
// (or a redirect's) resolves to a loopback, private, link-local or other
// internal address the allow-list does not name.
var ErrInternalAddress = errors.New("the address is internal and not in the plugin fetch allow-list (--plugin-fetch-allow)")

// Resolver answers the addresses of a host name.
type Resolver func(ctx context.Context, host string) ([]netip.Addr, error)

// Dialer connects to ip:port, an address already checked.
type Dialer func(ctx context.Context, network, addr string) (net.Conn, error)

// guard dials only addresses that are public or allowed. It resolves the
// name itself and connects to the very address it checked, so neither a
// redirect nor a DNS answer that changes between check and connect
// (rebinding) reaches an internal address.
type guard struct {
	allow   *FetchAllow
	resolve Resolver
	dial    Dialer // nil: a net.Dialer that checks again where it connects
}

func (g *guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := g.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, ip := range ips {
		if err := g.check(host, port, ip); err != nil {
			errs = append(errs, err)
			continue
		}
		c, err := g.connect(ctx, network, host, port, ip)
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("%s has no address", host)
	}
	return nil, errors.Join(errs...)
}

// lookup answers the addresses of host, an IP literal or a name.
func (g *guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	resolve := g.resolve
	if resolve == nil {
		resolve = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	ips, err := resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	return ips, nil
}

// check refuses ip when it is internal and not allowed.
func (g *guard) check(host, port string, ip netip.Addr) error {
	class := internalClass(ip)
	if class == "" || g.allow.allows(host, port, ip) {
		return nil
	}
	return fmt.Errorf("dial %s (%s) port %s: %s %w", host, ip, port, class, ErrInternalAddress)
}

func (g *guard) connect(ctx context.Context, network, host, port string, ip netip.Addr) (net.Conn, error) {
	target := net.JoinHostPort(ip.String(), port)
	if g.dial != nil {
		return g.dial(ctx, network, target)
	}
	// The check again, on the address the socket connects to: the last
	// word, whatever happened above.
	d := net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			return g.check(host, port, ap.Addr())
		}}
	return d.DialContext(ctx, network, target)
}
