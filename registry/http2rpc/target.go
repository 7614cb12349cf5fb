package http2rpc

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry/gateway"
)

// Header tells the bridge which mapping and method a gateway request is
// for; the gateway route sets it, replacing whatever a client sent.
const Header = "x-causeway-http2rpc"

// Target is what Header names: a method of a mapping of a gateway.
type Target struct {
	Gateway   gateway.Key
	MappingID string
	Method    int
}

// String encodes t as <project>/<gateway>/<mapping id>/<method index>,
// each part path-escaped.
func (t Target) String() string {
	return url.PathEscape(t.Gateway.Project) + "/" + url.PathEscape(t.Gateway.ID) + "/" +
		url.PathEscape(t.MappingID) + "/" + strconv.Itoa(t.Method)
}

// ParseTarget reads a Header value.
func ParseTarget(s string) (Target, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 4 {
		return Target{}, fmt.Errorf("%s %q is not project/gateway/mapping/method", Header, s)
	}
	for i, p := range parts[:3] {
		u, err := url.PathUnescape(p)
		if err != nil || u == "" {
			return Target{}, fmt.Errorf("%s %q: part %d is not a path-escaped name", Header, s, i+1)
		}
		parts[i] = u
	}
	n, err := strconv.Atoi(parts[3])
	if err != nil || n < 0 {
		return Target{}, fmt.Errorf("%s %q: method %q is not an index", Header, s, parts[3])
	}
	return Target{Gateway: gateway.Key{Project: parts[0], ID: parts[1]}, MappingID: parts[2], Method: n}, nil
}
