package e2e

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
	xdsgrpc "google.golang.org/grpc/xds"
)

// grpcHealthServer serves the gRPC health service on a free port of ip
// until the test ends, and answers the port.
func grpcHealthServer(t *testing.T, ip string) int {
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

// proxylessClient is a real grpc-go client whose xDS resolver is pointed
// at causeway's xDS server, dialling xds:///target as node id.
func proxylessClient(t *testing.T, xdsAddr, id, target string) healthpb.HealthClient {
	t.Helper()
	return proxylessClientWithToken(t, xdsAddr, id, target, "", nil)
}

// proxylessClientWithToken is proxylessClient with node metadata md and,
// when token is not "", the xDS token a server with auth on asks for: its
// bootstrap names the causeway_token channel credentials (tokenCreds),
// which send it as "authorization: Bearer" on the xDS stream.
func proxylessClientWithToken(t *testing.T, xdsAddr, id, target, token string, md map[string]any) healthpb.HealthClient {
	t.Helper()
	creds := map[string]any{"type": "insecure"}
	if token != "" {
		registerTokenCreds()
		creds = map[string]any{"type": tokenCredsName, "config": map[string]any{"token": token}}
	}
	bootstrap, err := json.Marshal(map[string]any{
		"xds_servers": []any{map[string]any{
			"server_uri": xdsAddr, "channel_creds": []any{creds},
			"server_features": []any{"xds_v3"},
		}},
		"node": map[string]any{"id": id, "metadata": md},
	})
	if err != nil {
		t.Fatal(err)
	}
	resolver, err := xdsgrpc.NewXDSResolverWithConfigForTesting(bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient("xds:///"+target, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithResolvers(resolver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return healthpb.NewHealthClient(conn)
}

// grpcPeerPort calls the health service and answers the port of the
// instance that answered.
func grpcPeerPort(c healthpb.HealthClient) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var p peer.Peer
	if _, err := c.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true), grpc.Peer(&p)); err != nil {
		return 0, err
	}
	return p.Addr.(*net.TCPAddr).Port, nil
}

// A proxyless grpc-go client fed by the real binary balances over every
// instance of a service, here two on one host at different ports, in
// proportion to their Nacos weights (1 and 3).
func TestProxylessGRPCBalancesByWeight(t *testing.T) {
	s := start(t, "", "--auth=false")
	logServerOnFailure(t, s)
	weights := map[int]int{grpcHealthServer(t, "127.0.0.1"): 1, grpcHealthServer(t, "127.0.0.1"): 3}
	for port, w := range weights {
		v := url.Values{"serviceName": {"greeter"}, "ip": {"127.0.0.1"}, "port": {strconv.Itoa(port)},
			"weight": {strconv.Itoa(w)}, "ephemeral": {"false"}}
		if code, body := call(t, http.MethodPost, s.url("/nacos/v1/ns/instance"), v); code != http.StatusOK {
			t.Fatalf("register greeter on %d: %d %s", port, code, body)
		}
	}
	client := proxylessClient(t, s.xdsAddr, "grpc-weights", "greeter")
	byPort := map[int]int{}
	const n = 400
	for i := range n {
		port, err := grpcPeerPort(client)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		byPort[port]++
	}
	for port, w := range weights {
		if share := byPort[port] * 100 / n; share < w*25-10 || share > w*25+10 {
			t.Fatalf("%d calls split %v by port; want 1:3 as weighted %v", n, byPort, weights)
		}
	}
}
