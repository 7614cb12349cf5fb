package httpx

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads --trusted-proxies: CIDRs or single IPs.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q: want a CIDR or an IP", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// TrustProxies makes a request that came through one of the trusted
// proxies carry its client's address: when the connection's address is
// trusted, RemoteAddr becomes the right-most address of X-Forwarded-For
// that is not itself a trusted proxy. Addresses further left were written
// by the client or by proxies nobody vouches for, so they are never
// believed; a request from an untrusted address keeps its own, whatever
// it sends. Everything keyed by the client (login throttling, the client
// IP a listener is shown with) then sees the real client behind a load
// balancer instead of the balancer alone. With no proxies it is next.
func TrustProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if peer := RemoteIP(r); peer.IsValid() && isTrusted(peer) {
			if client, ok := forwardedClient(r.Header.Values("X-Forwarded-For"), isTrusted); ok {
				r2 := r.Clone(r.Context())
				r2.RemoteAddr = net.JoinHostPort(client.String(), "0")
				r = r2
			}
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedClient walks X-Forwarded-For (all its headers, in order) from
// the right, past trusted proxies, to the first address that is not one;
// a malformed entry stops the walk with nothing believed.
func forwardedClient(headers []string, isTrusted func(netip.Addr) bool) (netip.Addr, bool) {
	var hops []string
	for _, h := range headers {
		hops = append(hops, strings.Split(h, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, false
		}
		if !isTrusted(a) {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}
