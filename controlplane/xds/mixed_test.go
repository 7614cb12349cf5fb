package xds

import (
	"context"
	"slices"
	"testing"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/causeway-dev/causeway/registry/naming"
)

// clusterWatcher is one client's wildcard cluster subscription, over a
// state-of-the-world or a delta stream, acknowledging what it gets.
type clusterWatcher interface {
	// next answers the cluster names the client holds after the next
	// response.
	next(t *testing.T) []string
}

type sotwWatcher struct {
	s discovery.AggregatedDiscoveryService_StreamAggregatedResourcesClient
}

func (w *sotwWatcher) next(t *testing.T) []string {
	t.Helper()
	r := recv(t, w.s)
	ack := &discovery.DiscoveryRequest{TypeUrl: resourcev3.ClusterType, VersionInfo: r.VersionInfo, ResponseNonce: r.Nonce}
	if err := w.s.Send(ack); err != nil {
		t.Fatal(err)
	}
	return clusterNames(t, r.Resources)
}

type deltaWatcher struct {
	s     discovery.AggregatedDiscoveryService_DeltaAggregatedResourcesClient
	names map[string]bool
}

func (w *deltaWatcher) next(t *testing.T) []string {
	t.Helper()
	r := recvDelta(t, w.s)
	if err := w.s.Send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.ClusterType, ResponseNonce: r.Nonce}); err != nil {
		t.Fatal(err)
	}
	for _, res := range r.Resources {
		w.names[res.Name] = true
	}
	for _, name := range r.RemovedResources {
		delete(w.names, name)
	}
	var out []string
	for name := range w.names {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func clusterNames(t *testing.T, rs []*anypb.Any) []string {
	t.Helper()
	var out []string
	for _, a := range rs {
		c := &clusterv3.Cluster{}
		if err := a.UnmarshalTo(c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

func watchClusters(t *testing.T, e *env, kind string, node *corev3.Node) clusterWatcher {
	t.Helper()
	client := dial(t, e.addr)
	if kind == KindDelta {
		s, err := client.DeltaAggregatedResources(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(&discovery.DeltaDiscoveryRequest{Node: node, TypeUrl: resourcev3.ClusterType}); err != nil {
			t.Fatal(err)
		}
		return &deltaWatcher{s: s, names: map[string]bool{}}
	}
	s, err := client.StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(&discovery.DiscoveryRequest{Node: node, TypeUrl: resourcev3.ClusterType}); err != nil {
		t.Fatal(err)
	}
	return &sotwWatcher{s: s}
}

// State-of-the-world and delta clients side by side, connected in either
// order, each keep getting every change. go-control-plane numbers each
// kind's streams from 1; the two first streams once shared an id, and the
// second to connect took the first's scope away.
func TestMixedStreamKindsEachHearEveryChange(t *testing.T) {
	for _, order := range [][]string{{KindDelta, KindSotW}, {KindSotW, KindDelta}} {
		t.Run(order[0]+"-first", func(t *testing.T) {
			e := newEnv(t)
			e.register(t, "10.0.0.1", 8080, true)
			var clients []clusterWatcher
			for i, kind := range order {
				node := sidecarNode(t, kind+"-client")
				if i == 1 { // a scope of its own, as a gateway's and a sidecar's are
					node.Metadata.Fields["causeway.outbound_port"] = structpb.NewStringValue("15002")
				}
				w := watchClusters(t, e, kind, node)
				if got := w.next(t); !slices.Equal(got, []string{"outbound|||orders.DEFAULT_GROUP.public"}) {
					t.Fatalf("%s client's first clusters: %v", kind, got)
				}
				clients = append(clients, w)
			}
			for _, name := range []string{"late", "later"} {
				in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: name},
					IP: "10.0.0.9", Port: 9000, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
				if err := e.reg.Register(context.Background(), in); err != nil {
					t.Fatal(err)
				}
				for i, w := range clients {
					if got := w.next(t); !slices.Contains(got, "outbound|||"+name+".DEFAULT_GROUP.public") {
						t.Fatalf("%s client after %s registered: %v", order[i], name, got)
					}
				}
			}
			if n := len(e.server.Nodes()); n != 2 {
				t.Fatalf("%d nodes connected, want 2", n)
			}
		})
	}
}
