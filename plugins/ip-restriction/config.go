package main

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
	"github.com/causeway-dev/causeway/plugins/internal/wasmhttp"
)

const defaultHeader = "x-forwarded-for"

// config is one parsed configuration, default or per rule.
type config struct {
	allow, deny []netip.Prefix
	// header is where the client address comes from; "" is the peer
	// address of the connection.
	header string
}

func parseConfig(o *conf.Object) (*config, error) {
	allow, err := o.Strings("allow")
	if err != nil {
		return nil, err
	}
	deny, err := o.Strings("deny")
	if err != nil {
		return nil, err
	}
	var ipSource, header string
	if ipSource, err = o.String("ipSource"); err != nil {
		return nil, err
	}
	if header, err = o.String("header"); err != nil {
		return nil, err
	}
	// A misspelt list would otherwise silently restrict nothing.
	if err := o.Done(); err != nil {
		return nil, err
	}
	if len(allow) == 0 && len(deny) == 0 {
		return nil, errors.New("at least one of allow and deny is required")
	}
	c := &config{}
	if c.allow, err = parsePrefixes("allow", allow); err != nil {
		return nil, err
	}
	if c.deny, err = parsePrefixes("deny", deny); err != nil {
		return nil, err
	}
	switch ipSource {
	case "", "peer":
		if header != "" {
			return nil, errors.New(`header: only read with "ipSource": "header"`)
		}
	case "header":
		c.header = defaultHeader
		if header != "" {
			if c.header, err = wasmhttp.HeaderName(header); err != nil {
				return nil, conf.Wrap("header", err)
			}
		}
	default:
		return nil, errors.New("ipSource: " + strconv.Quote(ipSource) + `: must be "peer" or "header"`)
	}
	return c, nil
}

func parsePrefixes(key string, in []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(in))
	for i, s := range in {
		p, err := parsePrefix(s)
		if err != nil {
			return nil, errors.New(conf.Index(key, i) + ": " + strconv.Quote(s) + ": not an IP address or CIDR")
		}
		out = append(out, p)
	}
	return out, nil
}

// parsePrefix reads a CIDR or a bare address (a one-address prefix).
// IPv4-mapped IPv6 forms become IPv4, as client addresses do, so
// ::ffff:10.0.0.0/104 and 10.0.0.0/8 mean the same.
func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = normalize(a)
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			// Wider than the mapped range: it is about IPv6 addresses
			// too, so it stays IPv6.
			return p.Masked(), nil
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// normalize drops what must not tell two spellings of one client apart:
// the IPv4-mapped form and a zone.
func normalize(a netip.Addr) netip.Addr {
	return a.Unmap().WithZone("")
}
