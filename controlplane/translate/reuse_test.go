package translate

import (
	"fmt"
	"slices"
	"testing"
	"unsafe"

	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"

	"google.golang.org/protobuf/proto"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/naming"
)

var reuseKey = naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"}

// reuseService is a service of hosts with two ports each (a pool and two
// port clusters), in instance order.
func reuseService(instances ...*naming.Instance) *index.Service {
	svc := &index.Service{Key: reuseKey, Version: 1, Instances: instances}
	return svc
}

func reuseInstance(host, port int, weight float64) *naming.Instance {
	return &naming.Instance{Service: reuseKey, IP: fmt.Sprintf("10.0.0.%d", host), Port: port, Cluster: "DEFAULT",
		Weight: weight, Healthy: true, Enabled: true, Metadata: map[string]string{"version": "1.0.0"}}
}

// A part built from the previous one equals a part built anew, and keeps
// whatever the change did not touch: unchanged assignments whole, the
// endpoints of unchanged instances.
func TestSidecarServiceFromReuses(t *testing.T) {
	base := []*naming.Instance{reuseInstance(1, 8080, 1), reuseInstance(1, 8081, 1), reuseInstance(2, 8080, 1), reuseInstance(2, 8081, 1)}
	cases := []struct {
		name string
		next func() []*naming.Instance
		// kept: assignments (by cluster) expected to be the very same objects.
		kept []string
	}{
		{"nothing changed", func() []*naming.Instance { return base },
			[]string{"outbound|||orders.DEFAULT_GROUP.public", "outbound|8080||orders.DEFAULT_GROUP.public", "outbound|8081||orders.DEFAULT_GROUP.public"}},
		{"weight of one", func() []*naming.Instance {
			out := slices.Clone(base)
			out[1] = reuseInstance(1, 8081, 3)
			return out
		}, []string{"outbound|8080||orders.DEFAULT_GROUP.public"}},
		{"one added", func() []*naming.Instance {
			return append(slices.Clone(base), reuseInstance(3, 8080, 1))
		}, []string{"outbound|8081||orders.DEFAULT_GROUP.public"}},
		{"one removed", func() []*naming.Instance { return slices.Clone(base[1:]) },
			[]string{"outbound|8081||orders.DEFAULT_GROUP.public"}},
		{"a second zone", func() []*naming.Instance {
			out := slices.Clone(base)
			out[1] = reuseInstance(1, 8081, 1)
			out[1].Cluster = "ZONE-B"
			return out
		}, []string{"outbound|8080||orders.DEFAULT_GROUP.public"}},
		{"weight 0 leaves it out", func() []*naming.Instance {
			out := slices.Clone(base)
			out[2] = reuseInstance(2, 8080, 0)
			return out
		}, []string{"outbound|8081||orders.DEFAULT_GROUP.public"}},
	}
	n := Node{Role: RoleSidecar, Namespace: "public", App: "DEFAULT_GROUP", OutboundPort: 15001}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc0 := reuseService(base...)
			prev, err := SidecarServiceFrom(index.NewSnapshot(svc0), svc0, n, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := prev.Validate(); err != nil {
				t.Fatal(err)
			}
			svc1 := reuseService(c.next()...)
			snap := index.NewSnapshot(svc1)
			got, err := SidecarServiceFrom(snap, svc1, n, prev)
			if err != nil {
				t.Fatal(err)
			}
			if err := got.Validate(); err != nil {
				t.Fatal(err)
			}
			want, err := SidecarService(snap, svc1, n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Endpoints) != len(want.Endpoints) {
				t.Fatalf("%d assignments, want %d", len(got.Endpoints), len(want.Endpoints))
			}
			for i := range want.Endpoints {
				if decoded := onTheWire(t, got.Endpoints[i]); !proto.Equal(decoded, want.Endpoints[i]) {
					t.Errorf("assignment %s differs on the wire from a fresh translation:\n%v\nwant\n%v",
						want.Endpoints[i].GetClusterName(), decoded, want.Endpoints[i])
				}
			}
			var kept []string
			for i, cla := range got.Endpoints {
				if i < len(prev.Endpoints) && cla == prev.Endpoints[i] {
					kept = append(kept, got.Clusters[i].GetName())
				}
			}
			if !slices.Equal(kept, c.kept) {
				t.Errorf("kept %v, want %v", kept, c.kept)
			}
			// Every endpoint of an unchanged instance is the old encoding.
			for in, enc := range got.built.enc {
				if old, ok := prev.built.enc[in]; ok && unsafe.StringData(old) != unsafe.StringData(enc) {
					t.Errorf("endpoint of %s:%d built again", in.IP, in.Port)
				}
			}
		})
	}
}

// A part that fails validation on a new endpoint is refused, even though
// the rest of it was taken from a valid one.
func TestSidecarServiceFromValidatesNewEndpoints(t *testing.T) {
	n := Node{Role: RoleSidecar, Namespace: "public", App: "DEFAULT_GROUP", OutboundPort: 15001}
	svc0 := reuseService(reuseInstance(1, 8080, 1))
	prev, err := SidecarServiceFrom(index.NewSnapshot(svc0), svc0, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := prev.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := reuseInstance(2, 8080, 1)
	bad.IP = "" // an address Envoy refuses
	svc1 := reuseService(svc0.Instances[0], bad)
	got, err := SidecarServiceFrom(index.NewSnapshot(svc1), svc1, n, prev)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err == nil {
		t.Fatal("an endpoint without an address passed validation")
	}
}

// onTheWire answers what a client decodes of an assignment.
func onTheWire(t *testing.T, cla *endpointv3.ClusterLoadAssignment) *endpointv3.ClusterLoadAssignment {
	t.Helper()
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(cla)
	if err != nil {
		t.Fatal(err)
	}
	out := &endpointv3.ClusterLoadAssignment{}
	if err := proto.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	if len(out.ProtoReflect().GetUnknown()) > 0 {
		t.Errorf("assignment %s decodes with unknown fields", out.GetClusterName())
	}
	return out
}
