package xds

import (
	"context"
	"errors"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// tokens is a Verifier over a fixed table: the guard's job is the stream
// check, not the token's cryptography (registry/auth tests that).
type tokens map[string]Identity

func (ts tokens) VerifyXDSToken(_ context.Context, token string) (Identity, error) {
	if id, ok := ts[token]; ok {
		return id, nil
	}
	return Identity{}, errors.New("token invalid!")
}

var testTokens = tokens{
	"gw1":      {Role: "gateway", GatewayID: "gw1", Namespace: "public"},
	"side-dev": {Role: "sidecar", Namespace: "dev"},
	"side-pub": {Role: "sidecar", Namespace: "public"},
}

func node(t *testing.T, id string, md map[string]any) *corev3.Node {
	t.Helper()
	s, err := structpb.NewStruct(md)
	if err != nil {
		t.Fatal(err)
	}
	return &corev3.Node{Id: id, Metadata: s}
}

// firstAnswer opens an ADS stream with authorization (none when empty),
// asks for clusters as n, and answers the stream's first response or error.
func firstAnswer(t *testing.T, e *env, kind, authorization string, nodes ...*corev3.Node) (bool, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if authorization != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", authorization)
	}
	ads := dial(t, e.addr)
	if kind == KindDelta {
		s, err := ads.DeltaAggregatedResources(ctx)
		if err != nil {
			return false, err
		}
		for _, n := range nodes {
			if s.Send(&discovery.DeltaDiscoveryRequest{Node: n, TypeUrl: resourcev3.ClusterType}) != nil {
				break // closed by the server: Recv tells why
			}
		}
		_, err = s.Recv()
		for err == nil && len(nodes) > 1 {
			_, err = s.Recv()
		}
		return err == nil, err
	}
	s, err := ads.StreamAggregatedResources(ctx)
	if err != nil {
		return false, err
	}
	for _, n := range nodes {
		if s.Send(&discovery.DiscoveryRequest{Node: n, TypeUrl: resourcev3.ClusterType}) != nil {
			break // closed by the server: Recv tells why
		}
	}
	_, err = s.Recv()
	for err == nil && len(nodes) > 1 { // a later node may be refused after a first answer
		_, err = s.Recv()
	}
	return err == nil, err
}

func TestStreamAuthentication(t *testing.T) {
	e := newEnvWith(t, Options{Verifier: testTokens})
	gw := func(id, ns string) *corev3.Node {
		return node(t, "gw-node", map[string]any{"causeway.role": "gateway", "causeway.gateway_id": id, "causeway.namespace": ns})
	}
	side := func(ns string) *corev3.Node {
		return node(t, "side-node", map[string]any{"causeway.role": "sidecar", "causeway.namespace": ns})
	}
	cases := []struct {
		name  string
		auth  string
		nodes []*corev3.Node
		want  codes.Code
	}{
		{"no token", "", []*corev3.Node{side("public")}, codes.Unauthenticated},
		{"not bearer", "Basic side-pub", []*corev3.Node{side("public")}, codes.Unauthenticated},
		{"bad token", "Bearer forged", []*corev3.Node{side("public")}, codes.Unauthenticated},
		{"gateway token claiming another gateway", "Bearer gw1", []*corev3.Node{gw("gw2", "public")}, codes.PermissionDenied},
		{"gateway token claiming another namespace", "Bearer gw1", []*corev3.Node{gw("gw1", "dev")}, codes.PermissionDenied},
		{"sidecar token claiming another namespace", "Bearer side-dev", []*corev3.Node{side("public")}, codes.PermissionDenied},
		{"sidecar token claiming a gateway", "Bearer side-pub", []*corev3.Node{gw("gw1", "public")}, codes.PermissionDenied},
		{"node defaults are claims too", "Bearer side-dev", []*corev3.Node{node(t, "n", nil)}, codes.PermissionDenied},
		{"good node, then another identity", "Bearer side-dev", []*corev3.Node{side("dev"), side("public")}, codes.PermissionDenied},
		{"good sidecar", "Bearer side-dev", []*corev3.Node{side("dev")}, codes.OK},
		{"good sidecar, lower-case scheme", "bearer side-pub", []*corev3.Node{node(t, "n", nil)}, codes.OK},
		{"good gateway", "Bearer gw1", []*corev3.Node{gw("gw1", "")}, codes.OK},
	}
	for _, kind := range []string{KindSotW, KindDelta} {
		for _, c := range cases {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				ok, err := firstAnswer(t, e, kind, c.auth, c.nodes...)
				if c.want == codes.OK {
					if !ok {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				if status.Code(err) != c.want {
					t.Fatalf("got %v, want %v", err, c.want)
				}
			})
		}
	}
	// Every stream above has ended: the guard forgets them all.
	deadline := time.Now().Add(5 * time.Second)
	for e.server.guard.admitted() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d ended streams still admitted", e.server.guard.admitted())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Without a verifier (--auth=false) a stream needs no token.
func TestStreamWithoutVerifierIsOpen(t *testing.T) {
	e := newEnv(t)
	for _, kind := range []string{KindSotW, KindDelta} {
		if ok, err := firstAnswer(t, e, kind, "", node(t, "n", map[string]any{"causeway.role": "gateway", "causeway.gateway_id": "gw1"})); !ok {
			t.Fatalf("%s: %v", kind, err)
		}
	}
}
