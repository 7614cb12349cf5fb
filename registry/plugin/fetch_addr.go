package plugin

import "net/netip"

// addrRange is a block of addresses a module fetch refuses unless the
// operator allows it, with the name a refusal gives it in the log.
type addrRange struct {
	prefix netip.Prefix
	class  string
}

// internalRanges are the addresses that reach the server's own host or
// its private networks rather than the public internet: a plugin URL
// pointing there would let whoever holds a token probe them. The more
// specific blocks come first, so a refusal names the narrowest class.
var internalRanges = func() []addrRange {
	blocks := []struct{ cidr, class string }{
		{"0.0.0.0/8", "unspecified"}, // "this network": 0.0.0.0 dials the host itself
		{"127.0.0.0/8", "loopback"},
		{"10.0.0.0/8", "private"},
		{"172.16.0.0/12", "private"},
		{"192.168.0.0/16", "private"},
		{"100.64.0.0/10", "shared (CGNAT)"},
		{"169.254.0.0/16", "link-local"}, // cloud metadata 169.254.169.254 included
		{"192.0.0.0/24", "IETF protocol assignment"},
		{"198.18.0.0/15", "benchmarking"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved"}, // 255.255.255.255 included
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"::/96", "IPv4-compatible"}, // deprecated; never a public destination
		{"100::/64", "discard"},
		{"fc00::/7", "private (unique local)"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local"},
		{"ff00::/8", "multicast"},
	}
	out := make([]addrRange, len(blocks))
	for i, b := range blocks {
		out[i] = addrRange{netip.MustParsePrefix(b.cidr), b.class}
	}
	return out
}()

// nat64 is the well-known NAT64 prefix: its addresses reach the IPv4
// address in their last 32 bits, so they are judged as that address.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// internalClass answers the class of a refused address (loopback,
// private, ...), "" for one on the public internet. IPv4-mapped IPv6
// addresses (::ffff:127.0.0.1) and NAT64 ones are judged as the IPv4
// address they carry; a zone is ignored.
func internalClass(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	if nat64.Contains(a) {
		b := a.As16()
		return internalClass(netip.AddrFrom4([4]byte(b[12:])))
	}
	for _, r := range internalRanges {
		if r.prefix.Contains(a) {
			return r.class
		}
	}
	return ""
}
