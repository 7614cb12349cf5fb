package auth

import (
	"context"
	"net/netip"
)

// The client address travels in the context rather than as a Login
// parameter: it is request metadata, like a deadline, that every dialect's
// login handler attaches once (see httpx.WithClient), and a caller that
// forgets it is throttled in one shared bucket rather than not at all.
type clientKey struct{}

// WithClient answers ctx carrying the address a login attempt came from:
// the connection's remote address. Forwarded headers (X-Forwarded-For) must
// not be used unless they come from a trusted proxy, which Causeway does
// not configure yet.
func WithClient(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

// unknownClient is the bucket of attempts whose address is not known.
const unknownClient = "unknown"

// clientOf answers the throttling key of the attempt's address. An IPv6
// client is keyed by its /64, the block one subscriber usually holds, so
// that rotating addresses inside it does not reset the count.
func clientOf(ctx context.Context) string {
	addr, _ := ctx.Value(clientKey{}).(netip.Addr)
	if !addr.IsValid() {
		return unknownClient
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, err := addr.WithZone("").Prefix(64)
	if err != nil {
		return unknownClient
	}
	return p.String()
}
