package xds

import (
	"context"
	"encoding/json"
	"net"
	"strconv"
	"testing"
	"time"

	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	xdsgrpc "google.golang.org/grpc/xds"

	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// grpcBackend is a real gRPC server answering the health service.
func grpcBackend(t *testing.T, ip string) (port int) {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	return serveHealth(t, ln)
}

// grpcBackends serves the health service on the same port of every ip, as
// a service's instances share a port (and so a cluster).
func grpcBackends(t *testing.T, ips ...string) (port int) {
	t.Helper()
	for range 50 {
		first, err := net.Listen("tcp", net.JoinHostPort(ips[0], "0"))
		if err != nil {
			t.Fatal(err)
		}
		port = first.Addr().(*net.TCPAddr).Port
		lns := []net.Listener{first}
		for _, ip := range ips[1:] {
			ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
			if err != nil {
				break
			}
			lns = append(lns, ln)
		}
		if len(lns) == len(ips) {
			for _, ln := range lns {
				serveHealth(t, ln)
			}
			return port
		}
		for _, ln := range lns {
			_ = ln.Close()
		}
	}
	t.Fatalf("no port free on all of %v", ips)
	return 0
}

func serveHealth(t *testing.T, ln net.Listener) (port int) {
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
	conn := xdsClient(t, e.addr, "grpc-client-1", "greeter")
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

// xdsClient dials xds:///target through a grpc-go xDS resolver pointed at
// Causeway, as node id.
func xdsClient(t *testing.T, addr, id, target string) *grpc.ClientConn {
	t.Helper()
	bootstrap, _ := json.Marshal(map[string]any{
		"xds_servers": []any{map[string]any{
			"server_uri": addr, "channel_creds": []any{map[string]any{"type": "insecure"}},
			"server_features": []any{"xds_v3"},
		}},
		"node": map[string]any{"id": id, "metadata": map[string]any{"causeway.namespace": "public"}},
	})
	resolver, err := xdsgrpc.NewXDSResolverWithConfigForTesting(bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient("xds:///"+target, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithResolvers(resolver))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// A proxyless grpc-go client follows a header route rule: calls carrying
// x-canary: true go to the 2.0.0 instance, the others to 1.0.0.
func TestProxylessGRPCFollowsHeaderRouteRule(t *testing.T) {
	e := newEnv(t)
	port := grpcBackends(t, "127.0.0.1", "127.0.0.2")
	for _, v := range []struct{ ip, version string }{{"127.0.0.1", "1.0.0"}, {"127.0.0.2", "2.0.0"}} {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "greeter"},
			IP: v.ip, Port: port, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true,
			Metadata: map[string]string{"version": v.version}}
		if err := e.reg.Register(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	e.indexed(t)
	rules := `[{"precedence":2,"match":{"headers":{"x-canary":{"exact":"true"}}},"route":[{"tags":{"version":"2.0.0"}}]},
		{"precedence":1,"route":[{"weight":100,"tags":{"version":"1.0.0"}}]}]`
	key := governance.RouteRuleKey{Project: "default", App: "default", Service: "greeter"}
	if _, err := e.gov.PutRouteRule(context.Background(), key, json.RawMessage(rules)); err != nil {
		t.Fatal(err)
	}
	conn := xdsClient(t, e.addr, "grpc-gray", "greeter")
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	answeredBy := func(canary bool) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if canary {
			ctx = metadata.AppendToOutgoingContext(ctx, "x-canary", "true")
		}
		var p peer.Peer
		if _, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true), grpc.Peer(&p)); err != nil {
			return "", err
		}
		return p.Addr.String(), nil
	}
	want := map[bool]string{
		true:  net.JoinHostPort("127.0.0.2", strconv.Itoa(port)),
		false: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
	}
	// The rule reaches the client shortly after the write; before it,
	// round robin may send either call anywhere.
	defer func() {
		if t.Failed() {
			t.Logf("nodes: %+v", e.server.Nodes())
		}
	}()

	waitFor(t, "the rule to route both kinds of call", func() bool {
		for i := range 6 {
			if got, err := answeredBy(i%2 == 0); err != nil || got != want[i%2 == 0] {
				return false
			}
		}
		return true
	})
	for i := range 20 {
		canary := i%2 == 0
		got, err := answeredBy(canary)
		if err != nil || got != want[canary] {
			t.Fatalf("call %d (canary %v) answered by %s (%v), want %s", i, canary, got, err, want[canary])
		}
	}
}

// A proxyless grpc-go client balances over every instance of a service,
// here two on one host at different ports, in proportion to their Nacos
// weights (1 and 3).
func TestProxylessGRPCBalancesOverEveryPortByWeight(t *testing.T) {
	e := newEnv(t)
	weights := map[int]float64{grpcBackend(t, "127.0.0.1"): 1, grpcBackend(t, "127.0.0.1"): 3}
	for port, w := range weights {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "greeter"},
			IP: "127.0.0.1", Port: port, Cluster: "DEFAULT", Weight: w, Enabled: true, Healthy: true}
		if err := e.reg.Register(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	e.indexed(t)
	conn := xdsClient(t, e.addr, "grpc-weights", "greeter")
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	byPort := map[int]int{}
	const n = 400
	for i := range n {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		var p peer.Peer
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true), grpc.Peer(&p))
		cancel()
		if err != nil {
			t.Fatalf("call %d: %v (nodes %+v)", i, err, e.server.Nodes())
		}
		byPort[p.Addr.(*net.TCPAddr).Port]++
	}
	for port, w := range weights {
		share := float64(byPort[port]) / n
		if want := w / 4; share < want-0.1 || share > want+0.1 {
			t.Fatalf("%d calls split %v by port; want shares 1:3 as weighted %v", n, byPort, weights)
		}
	}
}

// A proxyless grpc-go client follows cluster-level policy changes (a
// changed cluster names a new endpoint assignment, which the client asks
// for): each change is acknowledged within a second, and not one call
// fails meanwhile.
func TestProxylessGRPCFollowsClusterPolicies(t *testing.T) {
	e := newEnv(t)
	for range 2 {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "greeter"},
			IP: "127.0.0.1", Port: grpcBackend(t, "127.0.0.1"), Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
		if err := e.reg.Register(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	e.indexed(t)
	conn := xdsClient(t, e.addr, "grpc-policies", "greeter")
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	call := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{})
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	if _, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.WaitForReady(true)); err != nil {
		t.Fatal(err)
	}
	cancel()
	stop := make(chan struct{})
	failed := make(chan error, 1)
	go func() {
		defer close(failed)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := call(); err != nil {
				failed <- err
				return
			}
		}
	}()
	sel := &governance.Selector{App: "default", Service: "greeter"}
	policies := []struct {
		kind governance.Kind
		spec string
	}{
		{governance.KindMatchGroup, `{"matches":[{"name":"m","apiPath":{"prefix":"/"}}]}`},
		{governance.KindLoadBalance, `{"rule":"WeightedResponse"}`},
		{governance.KindBulkhead, `{"maxConcurrentCalls":50}`},
		{governance.KindInstanceIsolation, `{"failureRateThreshold":50,"minimumNumberOfCalls":100}`},
	}
	for i, p := range policies {
		sentEDS := e.server.Nodes()[0].Sent[resourcev3.EndpointType]
		if _, err := e.gov.CreatePolicy(context.Background(), "default", p.kind,
			governance.PolicyInput{Name: "all", Selector: sel, Spec: json.RawMessage(p.spec)}); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		// A changed cluster is acknowledged, and so is the new assignment
		// it names, which the client had to ask for.
		waitFor(t, string(p.kind)+" to be acknowledged", func() bool {
			n := e.server.Nodes()[0]
			return n.Acked[resourcev3.ClusterType] == n.Sent[resourcev3.ClusterType] && n.LastNack == "" &&
				(i == 0 || n.Sent[resourcev3.EndpointType] != sentEDS) &&
				n.Acked[resourcev3.EndpointType] == n.Sent[resourcev3.EndpointType]
		})
		if took := time.Since(start); took > time.Second {
			t.Fatalf("%s acknowledged after %v", p.kind, took)
		}
	}
	time.Sleep(100 * time.Millisecond) // calls on the last configuration
	close(stop)
	if err := <-failed; err != nil {
		t.Fatalf("a call failed while the policies changed: %v", err)
	}
}
