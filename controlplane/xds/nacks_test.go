package xds

import (
	"context"
	"testing"
	"time"

	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/genproto/googleapis/rpc/status"

	"github.com/causeway-dev/causeway/registry/naming"
)

// How one request changes a node's NACKs, from a node that runs CDS v1
// and was last sent v2 (nonce n2).
func TestNoteNack(t *testing.T) {
	const cds, eds = resourcev3.ClusterType, resourcev3.EndpointType
	at := time.Unix(100, 0)
	cases := []struct {
		name  string
		had   map[string]Nack
		req   request
		want  map[string]Nack
		acked string
	}{
		{"a NACK of the version sent", nil, sotwRequest(cds, "v1", "n2", "bad"),
			map[string]Nack{cds: {"v2", "bad", at}}, "v1"},
		{"a NACK's error without Envoy's newline", nil, sotwRequest(cds, "v1", "n2", "cannot bind\n"),
			map[string]Nack{cds: {"v2", "cannot bind", at}}, "v1"},
		{"a NACK of a superseded response", nil, sotwRequest(cds, "v1", "n1", "bad"), map[string]Nack{}, "v1"},
		{"an ACK of a newer version clears", map[string]Nack{cds: {"v2", "bad", at}}, sotwRequest(cds, "v3", "n3", ""),
			map[string]Nack{}, "v3"},
		{"a request at the version run keeps it", map[string]Nack{cds: {"v2", "bad", at}}, sotwRequest(cds, "v1", "n2", ""),
			map[string]Nack{cds: {"v2", "bad", at}}, "v1"},
		{"an ACK of another type keeps it", map[string]Nack{cds: {"v2", "bad", at}}, sotwRequest(eds, "e1", "n5", ""),
			map[string]Nack{cds: {"v2", "bad", at}}, "v1"},
		{"a NACK of another type adds", map[string]Nack{eds: {"e2", "old", at}}, sotwRequest(cds, "v1", "n2", "bad"),
			map[string]Nack{eds: {"e2", "old", at}, cds: {"v2", "bad", at}}, "v1"},
		{"a delta NACK refuses its nonce", nil, deltaRequest(cds, "n2", "bad"), map[string]Nack{cds: {"v2", "bad", at}}, "v1"},
		{"a delta ACK clears", map[string]Nack{cds: {"v2", "bad", at}}, deltaRequest(cds, "n3", ""), map[string]Nack{}, "n3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := &nodeState{sentNonce: map[string]string{cds: "n2"}, status: NodeStatus{
				Sent: map[string]string{cds: "v2"}, Acked: map[string]string{cds: "v1"}, Nacks: map[string]Nack{}}}
			for k, v := range c.had {
				st.status.Nacks[k] = v
			}
			st.note(c.req, at)
			if len(st.status.Nacks) != len(c.want) {
				t.Fatalf("nacks %v, want %v", st.status.Nacks, c.want)
			}
			for k, v := range c.want {
				if st.status.Nacks[k] != v {
					t.Fatalf("nacks %v, want %v", st.status.Nacks, c.want)
				}
			}
			if st.status.Acked[cds] != c.acked {
				t.Fatalf("acked %q, want %q", st.status.Acked[cds], c.acked)
			}
		})
	}
}

// responses receives a stream's responses in the background, for tests
// that must skip the re-sends a NACK may draw.
func responses[R any](recv func() (R, error)) <-chan R {
	ch := make(chan R, 64)
	go func() {
		defer close(ch)
		for {
			r, err := recv()
			if err != nil {
				return
			}
			ch <- r
		}
	}()
	return ch
}

// nextOf answers the next response that satisfies ok, skipping others.
func nextOf[R any](t *testing.T, ch <-chan R, ok func(R) bool) R {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case r, open := <-ch:
			if !open {
				t.Fatal("stream closed")
			}
			if ok(r) {
				return r
			}
		case <-deadline:
			t.Fatal("no such response in 5 s")
		}
	}
}

func (e *env) registerUsers(t *testing.T) {
	t.Helper()
	if err := e.reg.Register(context.Background(), naming.Instance{Service: naming.ServiceKey{Namespace: "public",
		Group: "DEFAULT_GROUP", Name: "users"}, IP: "10.0.1.1", Port: 7000, Cluster: "DEFAULT", Weight: 1,
		Enabled: true, Healthy: true}); err != nil {
		t.Fatal(err)
	}
	e.indexed(t)
}

// nackOf answers the node's standing NACK of a type.
func (e *env) nackOf(typeURL string) (Nack, bool) {
	ns := e.server.Nodes()
	if len(ns) != 1 {
		return Nack{}, false
	}
	n, ok := ns[0].Nacks[typeURL]
	return n, ok
}

// Over a real state-of-the-world stream a NACK is kept per type, with the
// version refused: a later NACK of another type does not hide it, a request
// at the version still run does not clear it, an ACK of a newer one does.
func TestStateOfTheWorldNacksPerType(t *testing.T) {
	e := newEnv(t)
	e.register(t, "10.0.0.1", 8080, true)
	stream, err := dial(t, e.addr).StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := responses(stream.Recv)
	of := func(typeURL, not string) func(*discovery.DiscoveryResponse) bool {
		return func(r *discovery.DiscoveryResponse) bool { return r.TypeUrl == typeURL && r.VersionInfo != not }
	}
	send := func(r *discovery.DiscoveryRequest) {
		t.Helper()
		if err := stream.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	send(&discovery.DiscoveryRequest{Node: sidecarNode(t, "nacker"), TypeUrl: resourcev3.ClusterType})
	cds1 := nextOf(t, got, of(resourcev3.ClusterType, ""))
	send(&discovery.DiscoveryRequest{TypeUrl: resourcev3.ClusterType, VersionInfo: cds1.VersionInfo, ResponseNonce: cds1.Nonce})
	names := clusterEDSNames(t, cds1)
	eds := func(version, nonce, nack string) *discovery.DiscoveryRequest {
		r := &discovery.DiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNames: names, VersionInfo: version, ResponseNonce: nonce}
		if nack != "" {
			r.ErrorDetail = &status.Status{Message: nack}
		}
		return r
	}
	send(eds("", "", ""))
	eds1 := nextOf(t, got, of(resourcev3.EndpointType, ""))
	send(eds(eds1.VersionInfo, eds1.Nonce, ""))

	e.register(t, "10.0.0.2", 8080, true)
	eds2 := nextOf(t, got, of(resourcev3.EndpointType, eds1.VersionInfo))
	before := time.Now()
	send(eds(eds1.VersionInfo, eds2.Nonce, "bad endpoints"))
	waitFor(t, "the EDS NACK", func() bool { _, ok := e.nackOf(resourcev3.EndpointType); return ok })
	if n, _ := e.nackOf(resourcev3.EndpointType); n.Version != eds2.VersionInfo || n.Error != "bad endpoints" || n.At.Before(before) {
		t.Fatalf("EDS NACK %+v, want version %s", n, eds2.VersionInfo)
	}

	e.registerUsers(t)
	cds2 := nextOf(t, got, of(resourcev3.ClusterType, cds1.VersionInfo))
	send(&discovery.DiscoveryRequest{TypeUrl: resourcev3.ClusterType, VersionInfo: cds1.VersionInfo, ResponseNonce: cds2.Nonce,
		ErrorDetail: &status.Status{Message: "bad cluster"}})
	waitFor(t, "the CDS NACK beside the EDS one", func() bool {
		c, okC := e.nackOf(resourcev3.ClusterType)
		_, okE := e.nackOf(resourcev3.EndpointType)
		return okC && okE && c.Version == cds2.VersionInfo && c.Error == "bad cluster"
	})

	send(eds(eds1.VersionInfo, eds2.Nonce, "")) // at the version still run
	e.register(t, "10.0.0.3", 8080, true)
	eds3 := nextOf(t, got, func(r *discovery.DiscoveryResponse) bool {
		return r.TypeUrl == resourcev3.EndpointType && r.VersionInfo != eds1.VersionInfo && r.VersionInfo != eds2.VersionInfo
	})
	if _, ok := e.nackOf(resourcev3.EndpointType); !ok {
		t.Fatal("a request at the version run cleared the EDS NACK")
	}
	send(eds(eds3.VersionInfo, eds3.Nonce, ""))
	waitFor(t, "the ACK to clear the EDS NACK", func() bool { _, ok := e.nackOf(resourcev3.EndpointType); return !ok })
	if _, ok := e.nackOf(resourcev3.ClusterType); !ok {
		t.Fatal("an EDS ACK cleared the CDS NACK")
	}
	if n := e.server.Nodes()[0]; n.LastNack != resourcev3.ClusterType+": bad cluster" {
		t.Fatalf("lastNack %q", n.LastNack)
	}
}

// clusterEDSNames answers the assignments the clusters of a response name.
func clusterEDSNames(t *testing.T, r *discovery.DiscoveryResponse) []string {
	t.Helper()
	var rs []*discovery.Resource
	for _, a := range r.Resources {
		rs = append(rs, &discovery.Resource{Resource: a})
	}
	return assignments(t, rs)
}

// Over a real delta stream the refused version is the response's nonce,
// and an ACK of a later response clears it.
func TestDeltaNacksPerType(t *testing.T) {
	e := newEnv(t)
	e.register(t, "10.0.0.1", 8080, true)
	stream, err := dial(t, e.addr).DeltaAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := responses(stream.Recv)
	send := func(r *discovery.DeltaDiscoveryRequest) {
		t.Helper()
		if err := stream.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	typed := func(typeURL string) func(*discovery.DeltaDiscoveryResponse) bool {
		return func(r *discovery.DeltaDiscoveryResponse) bool { return r.TypeUrl == typeURL }
	}
	send(&discovery.DeltaDiscoveryRequest{Node: sidecarNode(t, "delta-nacker"), TypeUrl: resourcev3.ClusterType})
	cds := nextOf(t, got, typed(resourcev3.ClusterType))
	send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.ClusterType, ResponseNonce: cds.Nonce})
	send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResourceNamesSubscribe: assignments(t, cds.Resources)})
	first := nextOf(t, got, typed(resourcev3.EndpointType))
	send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResponseNonce: first.Nonce})

	e.register(t, "10.0.0.2", 8080, true)
	second := nextOf(t, got, typed(resourcev3.EndpointType))
	send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResponseNonce: second.Nonce,
		ErrorDetail: &status.Status{Message: "bad endpoints"}})
	waitFor(t, "the delta NACK", func() bool {
		n, ok := e.nackOf(resourcev3.EndpointType)
		return ok && n.Version == second.Nonce && n.Error == "bad endpoints"
	})
	if _, ok := e.nackOf(resourcev3.ClusterType); ok {
		t.Fatal("an EDS NACK marked CDS")
	}

	e.register(t, "10.0.0.3", 8080, true)
	third := nextOf(t, got, func(r *discovery.DeltaDiscoveryResponse) bool {
		return r.TypeUrl == resourcev3.EndpointType && r.Nonce != second.Nonce
	})
	send(&discovery.DeltaDiscoveryRequest{TypeUrl: resourcev3.EndpointType, ResponseNonce: third.Nonce})
	waitFor(t, "the delta ACK to clear the NACK", func() bool { _, ok := e.nackOf(resourcev3.EndpointType); return !ok })
}
