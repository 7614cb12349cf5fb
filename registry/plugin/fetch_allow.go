package plugin

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// FetchAllow is the operator's exception list to the module fetch's
// refusal of internal addresses (see internalClass): a plugin store or OCI
// registry on a private network, or a test server on loopback. The zero
// value (and nil) allows nothing.
type FetchAllow struct {
	prefixes []netip.Prefix
	// hosts holds "name", "name:port" and "ip:port" entries, host names
	// lower-case, as net.JoinHostPort writes them.
	hosts map[string]bool
}

// ParseFetchAllow parses allow-list entries, each a CIDR (10.1.0.0/16,
// fd00::/8), an IP address (127.0.0.1, ::1), a host name (plugins.corp)
// or either of the last two with a port (127.0.0.1:8080, [::1]:8080,
// plugins.corp:443). A host name entry trusts whatever the name resolves
// to: the operator vouches for it, DNS included.
func ParseFetchAllow(entries []string) (*FetchAllow, error) {
	a := &FetchAllow{hosts: map[string]bool{}}
	for _, e := range entries {
		if err := a.add(strings.TrimSpace(e)); err != nil {
			return nil, fmt.Errorf("allow-list entry %q: %w", e, err)
		}
	}
	return a, nil
}

func (a *FetchAllow) add(e string) error {
	if p, err := netip.ParsePrefix(e); err == nil {
		a.prefixes = append(a.prefixes, p.Masked())
		return nil
	}
	if ip, err := netip.ParseAddr(e); err == nil {
		a.prefixes = append(a.prefixes, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
		return nil
	}
	host, port := e, ""
	if h, p, err := net.SplitHostPort(e); err == nil {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %q is not 1-65535", p)
		}
		host, port = h, p
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		host = ip.Unmap().String()
	} else if !validHostName(host) {
		return fmt.Errorf("want a CIDR, an IP address or a host name, with an optional port")
	}
	a.hosts[hostKey(host, port)] = true
	return nil
}

// validHostName reports whether s looks like a DNS name (letters, digits,
// '-', '_' and dots), which is all an entry needs to be matched.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, c := range s {
		ok := c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}

func hostKey(host, port string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if port == "" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// allows reports whether dialling ip:port, reached through the URL's host
// (a name or an IP literal), is allowed despite ip being internal.
func (a *FetchAllow) allows(host, port string, ip netip.Addr) bool {
	if a == nil {
		return false
	}
	ip = ip.WithZone("").Unmap()
	for _, p := range a.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return a.hosts[hostKey(host, "")] || a.hosts[hostKey(host, port)] || a.hosts[hostKey(ip.String(), port)]
}

// Empty reports whether the list allows nothing.
func (a *FetchAllow) Empty() bool { return a == nil || len(a.prefixes) == 0 && len(a.hosts) == 0 }
