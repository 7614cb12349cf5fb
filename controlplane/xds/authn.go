package xds

import (
	"context"
	"strings"
	"sync"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/controlplane/translate"
)

// Identity is who an xDS credential says its holder is: the role, gateway
// id (gateways only) and namespace its node metadata must claim.
type Identity struct {
	Role      string
	GatewayID string
	Namespace string
}

// Verifier checks the bearer token of an xDS stream (the gRPC
// "authorization: Bearer <token>" metadata that Envoy sends from its
// grpc_service initial_metadata and grpc-go from call credentials). Any
// error refuses the stream.
type Verifier interface {
	VerifyXDSToken(ctx context.Context, token string) (Identity, error)
}

// VerifierFunc is a Verifier.
type VerifierFunc func(ctx context.Context, token string) (Identity, error)

// VerifyXDSToken implements Verifier.
func (f VerifierFunc) VerifyXDSToken(ctx context.Context, token string) (Identity, error) {
	return f(ctx, token)
}

// guard admits streams: a token on open, then every node a stream's
// requests carry must claim what the token grants. go-control-plane takes
// a node from any request, not only the first, so every one is checked.
// Without a verifier every stream is admitted (--auth=false).
type guard struct {
	v   Verifier
	m   *metrics
	def translate.NodeDefaults

	mu      sync.Mutex
	streams map[streamKey]*admitted
}

type admitted struct {
	id   Identity
	last *corev3.Node // the node last found to match, by pointer
}

func newGuard(v Verifier, m *metrics, def translate.NodeDefaults) *guard {
	return &guard{v: v, m: m, def: def, streams: map[streamKey]*admitted{}}
}

// open verifies the token of a new stream: codes.Unauthenticated when it is
// missing or refused.
func (g *guard) open(ctx context.Context, key streamKey) error {
	if g.v == nil {
		return nil
	}
	token := bearerOf(ctx)
	if token == "" {
		g.m.authRefused(codes.Unauthenticated)
		return status.Error(codes.Unauthenticated, "xDS needs a token: send authorization: Bearer <token> (mint one at POST /causeway/v1/xds/tokens)")
	}
	id, err := g.v.VerifyXDSToken(ctx, token)
	if err != nil {
		g.m.authRefused(codes.Unauthenticated)
		return status.Errorf(codes.Unauthenticated, "xDS token refused: %v", err)
	}
	g.mu.Lock()
	g.streams[key] = &admitted{id: id}
	g.mu.Unlock()
	return nil
}

// check refuses, with codes.PermissionDenied, a node that claims another
// identity than the stream's token grants.
func (g *guard) check(key streamKey, p *corev3.Node) error {
	if g.v == nil || p == nil {
		return nil // no node: the stream keeps the one already checked
	}
	g.mu.Lock()
	a := g.streams[key]
	var last *corev3.Node
	if a != nil {
		last = a.last
	}
	g.mu.Unlock()
	if a == nil {
		return status.Error(codes.Unauthenticated, "xDS stream was not admitted")
	}
	if last == p {
		return nil // go-control-plane repeats the stream's node on every request
	}
	n, err := translate.ParseNode(p, g.def)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if claimed := (Identity{Role: n.Role, GatewayID: gatewayOf(n), Namespace: n.Namespace}); claimed != a.id {
		g.m.authRefused(codes.PermissionDenied)
		return status.Errorf(codes.PermissionDenied, "node %s claims %s; its token grants %s", n.ID, claimed, a.id)
	}
	g.mu.Lock()
	a.last = p
	g.mu.Unlock()
	return nil
}

// admitted answers how many open streams the guard holds.
func (g *guard) admitted() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.streams)
}

func (g *guard) close(key streamKey) {
	g.mu.Lock()
	delete(g.streams, key)
	g.mu.Unlock()
}

// gatewayOf is the gateway id that counts for a node: only gateways are
// given a gateway's configuration, so another role's gateway_id is noise.
func gatewayOf(n translate.Node) string {
	if n.Role == translate.RoleGateway {
		return n.GatewayID
	}
	return ""
}

func (id Identity) String() string {
	if id.Role == translate.RoleGateway {
		return "gateway " + id.GatewayID + " in namespace " + id.Namespace
	}
	return id.Role + " in namespace " + id.Namespace
}

// bearerOf answers the token of the stream's authorization metadata.
func bearerOf(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	for _, v := range md.Get("authorization") {
		if scheme, token, ok := strings.Cut(strings.TrimSpace(v), " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
	}
	return ""
}
