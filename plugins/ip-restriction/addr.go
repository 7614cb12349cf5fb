package main

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// client answers the request's client address: the first address of the
// configured header when it is there, else the connection's peer. A
// request without the header came straight to the gateway, so its peer is
// the client.
func (c *config) client() (netip.Addr, error) {
	if c.header != "" {
		if v, err := proxywasm.GetHttpRequestHeader(c.header); err == nil && strings.TrimSpace(v) != "" {
			first, _, _ := strings.Cut(v, ",")
			return parseClient(strings.TrimSpace(first))
		}
	}
	b, err := proxywasm.GetProperty([]string{"source", "address"})
	if err != nil {
		return netip.Addr{}, conf.Wrap("source.address", err)
	}
	return parseClient(string(b))
}

// parseClient reads "ip", "ip:port", "[ipv6]" or "[ipv6]:port": Envoy's
// source.address has the port, X-Forwarded-For usually not.
func parseClient(s string) (netip.Addr, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return normalize(ap.Addr()), nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.Addr{}, errors.New(strconv.Quote(s) + " is not an IP address")
	}
	return normalize(a), nil
}
