package servicecomb

import (
	"net"
	"strconv"
	"strings"
)

// address answers the host and port the naming registry keeps for an
// instance: those of its first rest endpoint, else of its first endpoint.
// Endpoints are scheme://host:port[?query] or service-center's older
// scheme:host:port.
func address(endpoints []string) (string, int, bool) {
	var firstHost string
	var firstPort int
	found := false
	for _, ep := range endpoints {
		scheme, host, port, ok := parseEndpoint(ep)
		if !ok {
			continue
		}
		if scheme == "rest" {
			return host, port, true
		}
		if !found {
			firstHost, firstPort, found = host, port, true
		}
	}
	return firstHost, firstPort, found
}

func parseEndpoint(ep string) (scheme, host string, port int, ok bool) {
	scheme, rest, found := strings.Cut(ep, ":")
	if !found || scheme == "" {
		return "", "", 0, false
	}
	rest = strings.TrimPrefix(rest, "//")
	if i := strings.IndexAny(rest, "?/"); i >= 0 {
		rest = rest[:i]
	}
	h, p, err := net.SplitHostPort(rest)
	if err != nil || h == "" {
		return "", "", 0, false
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n > 65535 {
		return "", "", 0, false
	}
	return scheme, h, n, true
}
