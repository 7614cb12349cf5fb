package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// pushWant is what a client's assignment of the service holds once it has
// a change: so many endpoints, and addr at weight (-1: absent).
type pushWant struct {
	count  int
	ip     string
	port   uint64
	weight int64
}

type pushExpect struct {
	gen  int64
	want pushWant
}

// pushFleet is the xds-push run's clients and what the run waits for.
type pushFleet struct {
	clients []*pushClient
	expects atomic.Pointer[pushExpect]
	gen     int64
	wg      sync.WaitGroup
}

// pushClient is one Envoy-like sidecar: its own gRPC connection and ADS
// stream; it subscribes to every cluster, the service's endpoints, every
// listener and the outbound route configuration, and ACKs each response.
type pushClient struct {
	fleet              *pushFleet
	id                 string
	ready              atomic.Bool
	cds, lds, rds, eds atomic.Int64
	// heldGen is the last awaited change the client holds, heldAt when
	// the response that brought it arrived and heldBytes its size.
	heldGen, heldAt, heldBytes atomic.Int64
	firstErr                   atomic.Value

	// Touched by the stream's goroutine only.
	stream           discovery.AggregatedDiscoveryService_StreamAggregatedResourcesClient
	edsName          string
	sentEDS, sentRDS bool
	subscribed       map[string][]string // type -> names asked for
}

type pushCounts struct{ cds, lds, rds, eds int64 }

func connectPushFleet(ctx context.Context, addr string, n, instances int) (*pushFleet, error) {
	f := &pushFleet{}
	for i := range n {
		cl := &pushClient{fleet: f, id: fmt.Sprintf("push-sidecar-%d", i), subscribed: map[string][]string{}}
		f.clients = append(f.clients, cl)
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			if err := cl.run(ctx, addr); err != nil && ctx.Err() == nil {
				cl.firstErr.Store(err)
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		ready := 0
		for _, cl := range f.clients {
			if err, ok := cl.firstErr.Load().(error); ok {
				return nil, fmt.Errorf("client %s: %w", cl.id, err)
			}
			if cl.ready.Load() {
				ready++
			}
		}
		if ready == n {
			return f, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, fmt.Errorf("clients not ready with %d endpoints in 60 s", instances)
}

func (cl *pushClient) run(ctx context.Context, addr string) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)))
	if err != nil {
		return err
	}
	defer conn.Close()
	cl.stream, err = discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		return err
	}
	md, err := structpb.NewStruct(map[string]any{"causeway.role": "sidecar", "causeway.outbound_port": "15001"})
	if err != nil {
		return err
	}
	if err := cl.stream.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: cl.id, Cluster: "push", Metadata: md},
		TypeUrl: resourcev3.ClusterType}); err != nil {
		return err
	}
	for {
		resp, err := cl.stream.Recv()
		if err != nil {
			return err
		}
		if err := cl.handle(resp, time.Now().UnixNano()); err != nil {
			return err
		}
	}
}

// handle counts a response, checks an assignment against what the run
// waits for, ACKs, and subscribes to what the response names, as Envoy
// does: EDS after CDS, RDS after LDS.
func (cl *pushClient) handle(resp *discovery.DiscoveryResponse, at int64) error {
	switch resp.GetTypeUrl() {
	case resourcev3.ClusterType:
		cl.cds.Add(1)
		if err := cl.findAssignment(resp); err != nil {
			return err
		}
	case resourcev3.ListenerType:
		cl.lds.Add(1)
	case resourcev3.RouteType:
		cl.rds.Add(1)
	case resourcev3.EndpointType:
		cl.eds.Add(1)
		cl.check(resp, at)
		cl.ready.Store(true)
	}
	if err := cl.stream.Send(&discovery.DiscoveryRequest{TypeUrl: resp.GetTypeUrl(), VersionInfo: resp.GetVersionInfo(),
		ResponseNonce: resp.GetNonce(), ResourceNames: cl.subscribed[resp.GetTypeUrl()]}); err != nil {
		return err
	}
	switch {
	case resp.GetTypeUrl() == resourcev3.ClusterType && !cl.sentEDS:
		cl.sentEDS = true
		if err := cl.subscribe(resourcev3.EndpointType, cl.edsName); err != nil {
			return err
		}
		return cl.subscribe(resourcev3.ListenerType)
	case resp.GetTypeUrl() == resourcev3.ListenerType && !cl.sentRDS:
		cl.sentRDS = true
		return cl.subscribe(resourcev3.RouteType, "outbound|15001")
	}
	return nil
}

func (cl *pushClient) subscribe(typ string, names ...string) error {
	cl.subscribed[typ] = names
	return cl.stream.Send(&discovery.DiscoveryRequest{TypeUrl: typ, ResourceNames: names})
}

// findAssignment learns the name of the service's endpoint assignment.
func (cl *pushClient) findAssignment(resp *discovery.DiscoveryResponse) error {
	for _, a := range resp.GetResources() {
		c := &clusterv3.Cluster{}
		if err := a.UnmarshalTo(c); err != nil {
			return err
		}
		if c.GetName() == pushCluster {
			cl.edsName = c.GetEdsClusterConfig().GetServiceName()
			return nil
		}
	}
	return fmt.Errorf("no cluster %s among %d", pushCluster, len(resp.GetResources()))
}

// check records the response as the one that brought the awaited change
// when its assignment holds it.
func (cl *pushClient) check(resp *discovery.DiscoveryResponse, at int64) {
	exp := cl.fleet.expects.Load()
	if exp == nil || cl.heldGen.Load() == exp.gen {
		return
	}
	for _, a := range resp.GetResources() {
		count, weight := scanAssignment(a.GetValue(), exp.want.ip, exp.want.port)
		if count == exp.want.count && weight == exp.want.weight {
			cl.heldAt.Store(at)
			cl.heldBytes.Store(int64(proto.Size(resp)))
			cl.heldGen.Store(exp.gen)
		}
	}
}

// expect sets what the clients wait for next and answers its generation.
func (f *pushFleet) expect(w pushWant) int64 {
	f.gen++
	f.expects.Store(&pushExpect{gen: f.gen, want: w})
	return f.gen
}

func (f *pushFleet) allHold(gen int64) bool {
	for _, cl := range f.clients {
		if cl.heldGen.Load() != gen {
			return false
		}
	}
	return true
}

func (f *pushFleet) typeCounts() pushCounts {
	var c pushCounts
	for _, cl := range f.clients {
		c.cds += cl.cds.Load()
		c.lds += cl.lds.Load()
		c.rds += cl.rds.Load()
		c.eds += cl.eds.Load()
	}
	return c
}

// scanAssignment reads a ClusterLoadAssignment's wire form: how many
// endpoints it has and the weight of the one at ip:port (-1: none).
// Reading the few fields it needs, without allocating, rather than
// decoding 5,000 endpoints for each of 100 clients, keeps the harness's
// core free to receive on time.
func scanAssignment(b []byte, ip string, port uint64) (int, int64) {
	count, weight := 0, int64(-1)
	eachField(b, 2, func(locality []byte) { // endpoints
		eachField(locality, 2, func(lb []byte) { // lb_endpoints
			count++
			if endpointIs(lb, ip, port) {
				weight = 0
				eachField(lb, 4, func(w []byte) { weight = int64(varintField(w, 1)) }) // load_balancing_weight
			}
		})
	})
	return count, weight
}

// endpointIs reports whether an LbEndpoint is at ip:port: endpoint (1) ->
// address (1) -> socket_address (1) -> address (2), port_value (3).
func endpointIs(lb []byte, ip string, port uint64) bool {
	is := false
	eachField(lb, 1, func(ep []byte) {
		eachField(ep, 1, func(a []byte) {
			eachField(a, 1, func(sa []byte) {
				if varintField(sa, 3) != port {
					return
				}
				eachField(sa, 2, func(s []byte) { is = string(s) == ip })
			})
		})
	})
	return is
}

// eachField calls f with every length-delimited field num of a message.
func eachField(b []byte, num protowire.Number, f func([]byte)) {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return
		}
		b = b[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(b)
			if l < 0 {
				return
			}
			f(v)
			b = b[l:]
			continue
		}
		if l = protowire.ConsumeFieldValue(n, typ, b); l < 0 {
			return
		}
		b = b[l:]
	}
}

// varintField answers the varint field num of a message (0: none).
func varintField(b []byte, num protowire.Number) uint64 {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return 0
		}
		b = b[l:]
		if n == num && typ == protowire.VarintType {
			v, _ := protowire.ConsumeVarint(b)
			return v
		}
		if l = protowire.ConsumeFieldValue(n, typ, b); l < 0 {
			return 0
		}
		b = b[l:]
	}
	return 0
}
