package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"

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

func parseConfig(raw json.RawMessage) (*config, error) {
	var in struct {
		Allow    []string `json:"allow"`
		Deny     []string `json:"deny"`
		IPSource string   `json:"ipSource"`
		Header   string   `json:"header"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	// A misspelt list would otherwise silently restrict nothing.
	d.DisallowUnknownFields()
	if err := d.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Allow) == 0 && len(in.Deny) == 0 {
		return nil, errors.New("at least one of allow and deny is required")
	}
	c := &config{}
	var err error
	if c.allow, err = parsePrefixes("allow", in.Allow); err != nil {
		return nil, err
	}
	if c.deny, err = parsePrefixes("deny", in.Deny); err != nil {
		return nil, err
	}
	switch in.IPSource {
	case "", "peer":
		if in.Header != "" {
			return nil, errors.New(`header: only read with "ipSource": "header"`)
		}
	case "header":
		c.header = defaultHeader
		if in.Header != "" {
			if c.header, err = wasmhttp.HeaderName(in.Header); err != nil {
				return nil, fmt.Errorf("header: %w", err)
			}
		}
	default:
		return nil, fmt.Errorf(`ipSource: %q: must be "peer" or "header"`, in.IPSource)
	}
	return c, nil
}

func parsePrefixes(key string, in []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(in))
	for i, s := range in {
		p, err := parsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %q: not an IP address or CIDR", key, i, s)
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
