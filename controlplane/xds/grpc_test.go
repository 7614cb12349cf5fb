package xds

import (
	"context"
	"encoding/json"
	"net"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
	xdsgrpc "google.golang.org/grpc/xds"

	"github.com/causeway-dev/causeway/registry/naming"
)

// grpcBackend is a real gRPC server answering the health service.
func grpcBackend(t *testing.T, ip string) (port int) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	g := grpc.NewServer()
	healthpb.RegisterHealthServer(g, health.NewServer())
	go func() { _ = g.Serve(ln) }()
	t.Cleanup(g.Stop)
	return ln.Addr().(*net.TCPAddr).Port
}

// A proxyless grpc-go client, whose xDS resolver is pointed at Causeway,
// reaches a gRPC server registered in the registry through xds:///name, and
// follows it when the registry changes.
func TestProxylessGRPCReachesRegisteredServer(t *testing.T) {
	e := newEnv(t)
	port := grpcBackend(t, "127.0.0.1")
	in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "greeter"},
		IP: "127.0.0.1", Port: port, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
	if err := e.reg.Register(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	bootstrap, _ := json.Marshal(map[string]any{
		"xds_servers": []any{map[string]any{
			"server_uri": e.addr, "channel_creds": []any{map[string]any{"type": "insecure"}},
			"server_features": []any{"xds_v3"},
		}},
		"node": map[string]any{"id": "grpc-client-1", "metadata": map[string]any{"causeway.namespace": "public"}},
	})
	resolver, err := xdsgrpc.NewXDSResolverWithConfigForTesting(bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient("xds:///greeter", grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithResolvers(resolver))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var p peer.Peer
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true), grpc.Peer(&p))
	if err != nil {
		t.Fatalf("call through xds:///greeter: %v (nodes %+v)", err, e.server.Nodes())
	}
	if resp.Status != healthpb.HealthCheckResponse_SERVING || p.Addr.(*net.TCPAddr).Port != port {
		t.Fatalf("answer %v from %v", resp.Status, p.Addr)
	}
	ns := e.server.Nodes()
	if len(ns) != 1 || ns[0].Role != "grpc" {
		t.Fatalf("the gRPC client was not seen as proxyless: %+v", ns)
	}
}
