package main

import "net/netip"

// allows reports whether a may pass: a deny match refuses whatever the
// allow list says; a non-empty allow list refuses everything it misses.
func (c *config) allows(a netip.Addr) bool {
	if contains(c.deny, a) {
		return false
	}
	return len(c.allow) == 0 || contains(c.allow, a)
}

func contains(prefixes []netip.Prefix, a netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
