package xds

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/causeway-dev/causeway/registry/naming"
)

// benchClient is one simulated sidecar: a real gRPC ADS stream that ACKs
// everything and records the weight of the first endpoint of the watched
// cluster, which each benchmark write changes.
type benchClient struct {
	seen atomic.Int64
}

const benchCluster = "outbound|||orders.DEFAULT_GROUP.public"

// run follows the clusters to learn the watched cluster's endpoint
// assignment (the service may reach the node's scope after the node
// connected), and follows that assignment.
func (c *benchClient) run(ctx context.Context, t testing.TB, conn *grpc.ClientConn, id string) {
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		t.Error(err)
		return
	}
	_ = stream.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: id}, TypeUrl: resourcev3.ClusterType})
	assignment := ""
	for {
		resp, err := stream.Recv()
		if err != nil {
			return
		}
		ack := &discovery.DiscoveryRequest{TypeUrl: resp.TypeUrl, VersionInfo: resp.VersionInfo, ResponseNonce: resp.Nonce}
		switch resp.TypeUrl {
		case resourcev3.ClusterType:
			_ = stream.Send(ack)
			if name := watchedAssignment(resp); name != "" && name != assignment {
				assignment = name
				_ = stream.Send(&discovery.DiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNames: []string{assignment}})
			}
		case resourcev3.EndpointType:
			c.seen.Store(firstWeight(resp))
			ack.ResourceNames = []string{assignment}
			_ = stream.Send(ack)
		}
	}
}

// watchedAssignment answers the endpoint assignment of benchCluster among
// the clusters of a response ("" when it is not there).
func watchedAssignment(cds *discovery.DiscoveryResponse) string {
	for _, a := range cds.Resources {
		cl := &clusterv3.Cluster{}
		if a.UnmarshalTo(cl) == nil && cl.Name == benchCluster {
			return cl.GetEdsClusterConfig().GetServiceName()
		}
	}
	return ""
}

// firstWeight answers the weight of the first endpoint of the response's
// assignment. It reads the wire form of the few fields on the way rather
// than decoding the assignment: with thousands of endpoints, 100 in-process
// clients decoding every push would take the CPU the server is measured on.
func firstWeight(r *discovery.DiscoveryResponse) int64 {
	for _, a := range r.Resources {
		b := a.GetValue()
		// ClusterLoadAssignment.endpoints (2) -> LocalityLbEndpoints.lb_endpoints
		// (2) -> LbEndpoint.load_balancing_weight (4) -> UInt32Value.value (1).
		for _, field := range []protowire.Number{2, 2, 4} {
			if b = firstField(b, field); b == nil {
				break
			}
		}
		if b != nil {
			for len(b) > 0 {
				num, typ, n := protowire.ConsumeTag(b)
				if n < 0 {
					break
				}
				b = b[n:]
				if num == 1 && typ == protowire.VarintType {
					v, _ := protowire.ConsumeVarint(b)
					return int64(v)
				}
				if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
					break
				}
				b = b[n:]
			}
		}
	}
	return 0
}

// firstField answers the bytes of the first length-delimited field num of
// a message, or nil.
func firstField(b []byte, num protowire.Number) []byte {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return nil
		}
		b = b[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(b)
			if l < 0 {
				return nil
			}
			return v
		}
		if l = protowire.ConsumeFieldValue(n, typ, b); l < 0 {
			return nil
		}
		b = b[l:]
	}
	return nil
}

// setWeight changes the weight of the first instance; Envoy's weight is
// the Nacos weight times 100.
func (e *env) setWeight(b *testing.B, w int) int64 {
	ref := naming.InstanceRef{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"},
		IP: "10.0.0.0", Port: 8080, Cluster: "DEFAULT"}
	err := e.reg.UpdateInstance(context.Background(), ref, func(in *naming.Instance) error {
		in.Weight = float64(w)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return int64(w * 100)
}

// seedService registers the watched service: ten instances, a realistic
// answer size that stays the same through the benchmark.
func (e *env) seedService(b *testing.B) {
	for i := 0; i < 10; i++ {
		e.register(b, fmt.Sprintf("10.0.0.%d", i), 8080, true)
	}
}

// BenchmarkConvergence: a registry write until all N connected xDS clients
// hold the change. Reports p50 and p99 per write (ns/op includes a 15 ms
// pause between writes).
func BenchmarkConvergence(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) { benchConvergence(b, n) })
	}
}

func benchConvergence(b *testing.B, n int) {
	e := newEnv(b)
	e.seedService(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients := connectClients(ctx, b, e.addr, n)
	waitSeen(b, clients, 100)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Writes come a quiet spell apart, so each is a lone change, as a
		// registration or a health flip usually is; bursts are debounced.
		time.Sleep(15 * time.Millisecond)
		start := time.Now()
		waitSeen(b, clients, e.setWeight(b, i%50+2))
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// connectClients opens n ADS streams over a few shared connections, as n
// sidecars would over their own.
func connectClients(ctx context.Context, b *testing.B, addr string, n int) []*benchClient {
	var conns []*grpc.ClientConn
	for i := 0; i < 8; i++ {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = conn.Close() })
		conns = append(conns, conn)
	}
	clients := make([]*benchClient, n)
	var wg sync.WaitGroup
	for i := range clients {
		clients[i] = &benchClient{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			clients[i].run(ctx, b, conns[i%len(conns)], fmt.Sprintf("sidecar-%d", i))
		}(i)
	}
	b.Cleanup(wg.Wait)
	return clients
}

func waitSeen(b *testing.B, clients []*benchClient, want int64) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		done := true
		for _, c := range clients {
			if c.seen.Load() != want {
				done = false
				break
			}
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("clients did not converge on weight %d", want)
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// BenchmarkChangeCost: the cost of one instance change for one connected
// sidecar when the registry holds 100 or 10,000 services in its scope.
func BenchmarkChangeCost(b *testing.B) {
	for _, services := range []int{100, 10000} {
		b.Run(fmt.Sprintf("services=%d", services), func(b *testing.B) { benchChangeCost(b, services) })
	}
}

func benchChangeCost(b *testing.B, services int) {
	e := newEnv(b)
	for i := 0; i < services; i++ {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP",
			Name: fmt.Sprintf("svc-%05d", i)}, IP: "10.0.0.1", Port: 8080, Cluster: "DEFAULT", Weight: 1,
			Enabled: true, Healthy: true}
		if err := e.reg.Register(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	e.seedService(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients := connectClients(ctx, b, e.addr, 1)
	waitSeen(b, clients, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		waitSeen(b, clients, e.setWeight(b, i%50+2))
	}
}
