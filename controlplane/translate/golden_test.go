package translate

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
	"gopkg.in/yaml.v3"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/naming"
)

var update = flag.Bool("update", false, "rewrite the golden *.out.yaml files")

// goldenIn is a test case: a node and the registry it sees.
type goldenIn struct {
	Node struct {
		ID       string            `yaml:"id"`
		Metadata map[string]string `yaml:"metadata"`
	} `yaml:"node"`
	Services []struct {
		Namespace string            `yaml:"namespace"`
		Group     string            `yaml:"group"`
		Name      string            `yaml:"name"`
		Threshold float64           `yaml:"protectThreshold"`
		Metadata  map[string]string `yaml:"metadata"`
		Instances []naming.Instance `yaml:"instances"`
	} `yaml:"services"`
	// Gateways are optional (golden_gateway_test.go).
	Gateways []goldenGateway `yaml:"gateways"`
	// Governance is optional (golden_governance_test.go).
	Governance *goldenGovernance `yaml:"governance"`
}

func (g goldenIn) snapshot() *index.Snapshot {
	var services []*index.Service
	for _, s := range g.Services {
		k := naming.ServiceKey{Namespace: s.Namespace, Group: s.Group, Name: s.Name}
		svc := &index.Service{Key: k, Version: 1, ProtectThreshold: s.Threshold, Metadata: s.Metadata}
		for i := range s.Instances {
			in := s.Instances[i]
			in.Service = k
			svc.Instances = append(svc.Instances, &in)
		}
		services = append(services, svc)
	}
	return index.NewSnapshot(services...)
}

func (g goldenIn) node(t *testing.T) *corev3.Node {
	md := map[string]any{}
	for k, v := range g.Node.Metadata {
		md[k] = v
	}
	st, err := structpb.NewStruct(md)
	if err != nil {
		t.Fatal(err)
	}
	return &corev3.Node{Id: g.Node.ID, Metadata: st}
}

// TestGolden translates every testdata/*.in.yaml and compares the result
// with its *.out.yaml.
func TestGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/*.in.yaml")
	if len(ins) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range ins {
		t.Run(strings.TrimSuffix(filepath.Base(in), ".in.yaml"), func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var g goldenIn
			if err := yaml.Unmarshal(raw, &g); err != nil {
				t.Fatal(err)
			}
			node, err := NodeFromProto(g.node(t))
			if err != nil {
				t.Fatal(err)
			}
			snap := g.snapshot().WithGateways(g.gateways(t)...).WithGovernance(g.governance(t))
			res, err := ForNode(snap, node)
			if err != nil {
				t.Fatalf("translate: %v", err)
			}
			compareGolden(t, strings.TrimSuffix(in, ".in.yaml")+".out.yaml", render(t, res))
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Fatalf("%s differs from the translation (go test -update rewrites it):\n%s", path, got)
	}
}

// render writes resources as YAML with sorted keys, so files are stable
// whatever protojson's spacing.
func render(t *testing.T, r *Resources) []byte {
	t.Helper()
	out := map[string][]any{}
	add := func(kind string, m proto.Message) {
		b, err := protojson.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		out[kind] = append(out[kind], v)
	}
	for _, m := range r.Listeners {
		add("listeners", m)
	}
	for _, m := range r.Routes {
		add("routes", m)
	}
	for _, m := range r.Clusters {
		add("clusters", m)
	}
	for _, m := range r.Endpoints {
		add("endpoints", m)
	}
	for _, m := range r.Extensions {
		add("extensions", m)
	}
	b, err := yaml.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
