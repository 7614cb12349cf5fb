package xds

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

type env struct {
	reg    *naming.Registry
	gov    *governance.Registry
	server *Server
	idx    *index.Index
	addr   string
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newEnv runs the whole pipeline (registry, index, xDS server on a loopback
// gRPC port) over an in-memory store.
func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, Options{})
}

// newEnvWith is newEnv with server options (the logger is always quiet).
func newEnvWith(t testing.TB, opts Options) *env {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	gov, err := governance.New(context.Background(), st, governance.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	idx := index.New(reg, quiet(), index.WithGovernance(gov))
	opts.Logger = quiet()
	srv := New(ctx, idx, opts)
	changes := make(chan index.Change, 1)
	go idx.Run(ctx, changes)
	go srv.Run(ctx, changes)
	g := grpc.NewServer()
	srv.Register(g)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = g.Serve(ln) }()
	t.Cleanup(func() {
		g.Stop()
		cancel()
		gov.Close()
		reg.Close()
		_ = st.Close()
	})
	return &env{reg: reg, gov: gov, server: srv, idx: idx, addr: ln.Addr().String()}
}

func (e *env) register(t testing.TB, ip string, port int, healthy bool) {
	t.Helper()
	in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"},
		IP: ip, Port: port, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: healthy, Ephemeral: false,
		Metadata: map[string]string{"version": "1.0.0"}}
	if err := e.reg.Register(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	e.indexed(t)
}

// indexed waits until the index holds every service as the registry does:
// during a burst of changes the index reads them a few milliseconds apart,
// and a node connecting meanwhile is served what it holds then.
func (e *env) indexed(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !e.indexHolds() {
		if time.Now().After(deadline) {
			t.Fatal("the index did not catch up with the registry")
		}
		time.Sleep(time.Millisecond)
	}
}

func (e *env) indexHolds() bool {
	snap := e.idx.Current()
	_, keys := e.reg.ListServices("", "", 1, 1<<30)
	for _, k := range keys {
		v, err := e.reg.GetService(k)
		if err != nil {
			return false
		}
		if s := snap.Service(k); s == nil || s.Version != v.Version {
			return false
		}
	}
	return true
}

func dial(t *testing.T, addr string) discovery.AggregatedDiscoveryServiceClient {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return discovery.NewAggregatedDiscoveryServiceClient(conn)
}

func sidecarNode(t *testing.T, id string) *corev3.Node {
	md, err := structpb.NewStruct(map[string]any{"causeway.role": "sidecar", "causeway.outbound_port": "15001"})
	if err != nil {
		t.Fatal(err)
	}
	return &corev3.Node{Id: id, Metadata: md}
}

func recv(t *testing.T, s discovery.AggregatedDiscoveryService_StreamAggregatedResourcesClient) *discovery.DiscoveryResponse {
	t.Helper()
	type result struct {
		r   *discovery.DiscoveryResponse
		err error
	}
	ch := make(chan result, 1)
	go func() { r, err := s.Recv(); ch <- result{r, err} }()
	select {
	case res := <-ch:
		if res.err != nil {
			t.Fatal(res.err)
		}
		return res.r
	case <-time.After(5 * time.Second):
		t.Fatal("no xDS response in 5 s")
	}
	return nil
}

// A real gRPC ADS client gets clusters and endpoints, is pushed an instance
// change within the debounce window, and its ACK and NACK are tracked.
func TestStateOfTheWorldStream(t *testing.T) {
	e := newEnv(t)
	e.register(t, "10.0.0.1", 8080, true)
	stream, err := dial(t, e.addr).StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	node := sidecarNode(t, "sidecar-a")
	if err := stream.Send(&discovery.DiscoveryRequest{Node: node, TypeUrl: resourcev3.ClusterType}); err != nil {
		t.Fatal(err)
	}
	cds := recv(t, stream)
	if len(cds.Resources) != 1 {
		t.Fatalf("clusters: %d", len(cds.Resources))
	}
	c := &clusterv3.Cluster{}
	if err := cds.Resources[0].UnmarshalTo(c); err != nil || c.Name != "outbound|||orders.DEFAULT_GROUP.public" {
		t.Fatalf("cluster %v %v", c.Name, err)
	}
	cla := c.GetEdsClusterConfig().GetServiceName()
	ack := &discovery.DiscoveryRequest{TypeUrl: resourcev3.ClusterType, VersionInfo: cds.VersionInfo, ResponseNonce: cds.Nonce}
	eds := &discovery.DiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNames: []string{cla}}
	for _, r := range []*discovery.DiscoveryRequest{ack, eds} {
		if err := stream.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	first := recv(t, stream)
	if endpointsOf(t, first) != 1 {
		t.Fatalf("endpoints %d", endpointsOf(t, first))
	}
	ackEDS := &discovery.DiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNames: []string{cla},
		VersionInfo: first.VersionInfo, ResponseNonce: first.Nonce}
	if err := stream.Send(ackEDS); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	e.register(t, "10.0.0.2", 8080, true)
	second := recv(t, stream)
	if second.TypeUrl != resourcev3.EndpointType || endpointsOf(t, second) != 2 {
		t.Fatalf("push after a registration: %s with %d endpoints", second.TypeUrl, endpointsOf(t, second))
	}
	t.Logf("registration to push: %v", time.Since(start))

	nack := &discovery.DiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNames: []string{cla},
		VersionInfo: first.VersionInfo, ResponseNonce: second.Nonce, ErrorDetail: &status.Status{Message: "bad endpoints"}}
	if err := stream.Send(nack); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the NACK to be recorded", func() bool {
		ns := e.server.Nodes()
		return len(ns) == 1 && ns[0].LastNack != "" && ns[0].Acked[resourcev3.ClusterType] == cds.VersionInfo
	})
	if ns := e.server.Nodes(); ns[0].Stream != KindSotW || ns[0].Role != "sidecar" {
		t.Fatalf("node status %+v", ns[0])
	}
}

func endpointsOf(t *testing.T, r *discovery.DiscoveryResponse) int {
	t.Helper()
	n := 0
	for _, a := range r.Resources {
		cla := &endpointv3.ClusterLoadAssignment{}
		if err := a.UnmarshalTo(cla); err != nil {
			t.Fatal(err)
		}
		for _, l := range cla.Endpoints {
			n += len(l.LbEndpoints)
		}
	}
	return n
}

// A node whose metadata cannot be used is refused, not guessed at.
func TestBadNodeMetadataClosesTheStream(t *testing.T) {
	e := newEnv(t)
	stream, err := dial(t, e.addr).StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	md, _ := structpb.NewStruct(map[string]any{"causeway.role": "mesh-ghost"})
	if err := stream.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: "x", Metadata: md}, TypeUrl: resourcev3.ClusterType}); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err == nil {
		t.Fatal("a node with an unknown role got configuration")
	}
	if n := len(e.server.Nodes()); n != 0 {
		t.Fatalf("%d nodes recorded", n)
	}
}

// Delta streams get the changed resources only.
func TestDeltaStreamGetsOnlyTheChange(t *testing.T) {
	e := newEnv(t)
	e.register(t, "10.0.0.1", 8080, true)
	e.reg.Register(context.Background(), naming.Instance{Service: naming.ServiceKey{Namespace: "public",
		Group: "DEFAULT_GROUP", Name: "users"}, IP: "10.0.1.1", Port: 7000, Cluster: "DEFAULT", Weight: 1,
		Enabled: true, Healthy: true})
	e.indexed(t)
	stream, err := dial(t, e.addr).DeltaAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cds := &discovery.DeltaDiscoveryRequest{Node: sidecarNode(t, "delta-a"), TypeUrl: resourcev3.ClusterType}
	if err := stream.Send(cds); err != nil {
		t.Fatal(err)
	}
	clusters := recvDelta(t, stream)
	names := assignments(t, clusters.Resources)
	if len(names) != 2 {
		t.Fatalf("clusters name %v", names)
	}
	req := &discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNamesSubscribe: names}
	if err := stream.Send(req); err != nil {
		t.Fatal(err)
	}
	first := recvDelta(t, stream)
	if len(first.Resources) != 2 {
		t.Fatalf("first delta: %d resources", len(first.Resources))
	}
	if err := stream.Send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResponseNonce: first.Nonce}); err != nil {
		t.Fatal(err)
	}
	e.register(t, "10.0.0.2", 8080, true)
	second := recvDelta(t, stream)
	if len(second.Resources) != 1 || !strings.HasPrefix(second.Resources[0].Name, "outbound|||orders.DEFAULT_GROUP.public~") {
		t.Fatalf("a change to orders sent %d resources", len(second.Resources))
	}
	if ns := e.server.Nodes(); len(ns) != 1 || ns[0].Stream != KindDelta {
		t.Fatalf("nodes %+v", ns)
	}
}

// assignments answers the endpoint assignments the delta clusters name.
func assignments(t *testing.T, rs []*discovery.Resource) []string {
	t.Helper()
	var out []string
	for _, r := range rs {
		c := &clusterv3.Cluster{}
		if err := r.GetResource().UnmarshalTo(c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.GetEdsClusterConfig().GetServiceName())
	}
	return out
}

func recvDelta(t *testing.T, s discovery.AggregatedDiscoveryService_DeltaAggregatedResourcesClient) *discovery.DeltaDiscoveryResponse {
	t.Helper()
	ch := make(chan *discovery.DeltaDiscoveryResponse, 1)
	errc := make(chan error, 1)
	go func() {
		r, err := s.Recv()
		if err != nil {
			errc <- err
			return
		}
		ch <- r
	}()
	select {
	case r := <-ch:
		return r
	case err := <-errc:
		t.Fatal(err)
	case <-time.After(5 * time.Second):
		t.Fatal("no delta response in 5 s")
	}
	return nil
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// A sidecar whose scope has no services still gets its listener, and its
// route configuration follows services as they come and go.
func TestSidecarListenerWithoutServices(t *testing.T) {
	e := newEnv(t)
	stream, err := dial(t, e.addr).StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&discovery.DiscoveryRequest{Node: sidecarNode(t, "lonely"), TypeUrl: resourcev3.ListenerType}); err != nil {
		t.Fatal(err)
	}
	if lds := recv(t, stream); len(lds.Resources) != 1 {
		t.Fatalf("listeners: %d", len(lds.Resources))
	}
	if err := stream.Send(&discovery.DiscoveryRequest{TypeUrl: resourcev3.RouteType, ResourceNames: []string{"outbound|15001"}}); err != nil {
		t.Fatal(err)
	}
	first := recv(t, stream)
	if len(first.Resources) != 1 {
		t.Fatalf("route configurations: %d", len(first.Resources))
	}
	ack := &discovery.DiscoveryRequest{TypeUrl: resourcev3.RouteType, ResourceNames: []string{"outbound|15001"},
		VersionInfo: first.VersionInfo, ResponseNonce: first.Nonce}
	if err := stream.Send(ack); err != nil {
		t.Fatal(err)
	}
	e.register(t, "10.0.0.1", 8080, true)
	rds := recv(t, stream)
	rc := &routev3.RouteConfiguration{}
	if err := rds.Resources[0].UnmarshalTo(rc); err != nil || len(rc.VirtualHosts) != 1 {
		t.Fatalf("after a registration: %v %v", rc, err)
	}
}
