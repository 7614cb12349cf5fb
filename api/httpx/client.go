package httpx

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/causeway-dev/causeway/registry/auth"
)

// LoginContext answers the request's context carrying the client address
// that registry/auth throttles password checks by. Every route that checks
// a password must pass it on.
//
// The address is the connection's remote IP, which TrustProxies replaces
// by the client's behind a configured proxy. X-Forwarded-For is never
// read here: any client can send it, so trusting it would let an attacker
// pick a fresh address per guess.
func LoginContext(r *http.Request) context.Context {
	return auth.WithClient(r.Context(), RemoteIP(r))
}

// RemoteIP answers the IP of the connection a request came on, the zero
// Addr when RemoteAddr is not an ip:port (a unix socket, a bare test
// request).
func RemoteIP(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr()
	}
	addr, _ := netip.ParseAddr(r.RemoteAddr)
	return addr
}

// ClientIP is RemoteIP as text (an IPv4-mapped address as IPv4), "" when
// there is none: the IP Nacos's beta lists and listener queries name.
func ClientIP(r *http.Request) string {
	a := RemoteIP(r)
	if !a.IsValid() {
		return ""
	}
	return a.Unmap().String()
}
