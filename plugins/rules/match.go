package rules

import (
	"errors"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// gatewayRoute answers the Causeway gateway route an Envoy route belongs
// to: the translator names Envoy routes "<route>" or "<route>|<suffix>..."
// (a governance split makes several Envoy routes of one gateway route),
// and operators write the gateway route's name.
func gatewayRoute(envoyRoute string) string {
	if i := strings.IndexByte(envoyRoute, '|'); i >= 0 {
		return envoyRoute[:i]
	}
	return envoyRoute
}

func parseRoutes(raw conf.Value) ([]string, error) {
	routes, err := stringList(keyMatchRoute, raw)
	if err != nil {
		return nil, err
	}
	for i, r := range routes {
		// Such a name could never equal the part before the first '|'.
		if strings.Contains(r, "|") {
			return nil, errors.New(conf.Index(keyMatchRoute, i) + ": " + strconv.Quote(r) + ": a gateway route name has no '|'")
		}
	}
	return routes, nil
}

// domain is one `_match_domain_` entry, lower-cased: an exact host, or
// with wildcard set the suffix ".example.com" of "*.example.com".
type domain struct {
	name     string
	wildcard bool
}

func (d domain) matches(host string) bool {
	if d.wildcard {
		// The suffix keeps its dot, so example.com itself does not match
		// *.example.com and neither does badexample.com.
		return len(host) > len(d.name) && strings.HasSuffix(host, d.name)
	}
	return host == d.name
}

func parseDomains(raw conf.Value) ([]domain, error) {
	names, err := stringList(keyMatchDomain, raw)
	if err != nil {
		return nil, err
	}
	out := make([]domain, 0, len(names))
	for i, n := range names {
		d, err := parseDomain(n)
		if err != nil {
			return nil, conf.Wrap(conf.Index(keyMatchDomain, i)+": "+strconv.Quote(n), err)
		}
		out = append(out, d)
	}
	return out, nil
}

func parseDomain(s string) (domain, error) {
	rest, wildcard := strings.CutPrefix(strings.ToLower(s), "*.")
	rest = strings.TrimSuffix(rest, ".")
	switch {
	case rest == "" && wildcard:
		return domain{}, errors.New("a wildcard needs a domain after \"*.\"")
	case rest == "":
		return domain{}, errors.New("must name a host")
	case strings.Contains(rest, "*"):
		return domain{}, errors.New("only a leading \"*.\" wildcard is supported")
	case strings.HasPrefix(rest, ".") || strings.HasSuffix(rest, ".") || strings.Contains(rest, ".."):
		return domain{}, errors.New("has an empty label")
	case strings.ContainsAny(rest, ":/ \t"):
		// Hosts are matched without their port, so a port here would
		// silently never match.
		return domain{}, errors.New("must be a bare host name, without port, path or spaces")
	}
	if wildcard {
		return domain{name: "." + rest, wildcard: true}, nil
	}
	return domain{name: rest}, nil
}

// hostname answers the host of an :authority, lower-cased, without its
// port or a trailing dot.
func hostname(authority string) string {
	h := strings.ToLower(strings.TrimSpace(authority))
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i >= 0 {
			return h[:i+1]
		}
		return h
	}
	// More than one colon is a bare IPv6 address, which has no port.
	if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.IndexByte(h, ':') == i {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}
