package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/structpb"
)

// openEngineStreams opens n ADS streams as sidecars of namespace ns with
// token, each answered once, over connections of 25 streams (the server
// allows 64 per connection); cancel closes one.
func openEngineStreams(t *testing.T, addr, token, ns string, n int) []context.CancelFunc {
	t.Helper()
	md, err := structpb.NewStruct(map[string]any{"causeway.role": "sidecar", "causeway.namespace": ns})
	if err != nil {
		t.Fatal(err)
	}
	var ads discovery.AggregatedDiscoveryServiceClient
	cancels := make([]context.CancelFunc, 0, n)
	for i := range n {
		if i%25 == 0 {
			conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = conn.Close() })
			ads = discovery.NewAggregatedDiscoveryServiceClient(conn)
		}
		ctx, cancel := context.WithCancel(metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token))
		t.Cleanup(cancel)
		s, err := ads.StreamAggregatedResources(ctx)
		if err == nil {
			err = s.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: fmt.Sprintf("raw-%d", i), Metadata: md},
				TypeUrl: resourcev3.ClusterType})
		}
		if err == nil {
			_, err = s.Recv()
		}
		if err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
		cancels = append(cancels, cancel)
	}
	return cancels
}

// xdsQuota answers the project's XdsConnection quota entry (used, quota).
func xdsQuota(t *testing.T, s *server, token string) (used, quota float64) {
	t.Helper()
	_, q := cseCall(t, s, token, "GET", "/v2/p1/enginemgr/quotas", "")
	for _, r := range q["quotas"].(map[string]any)["resources"].([]any) {
		if m := r.(map[string]any); m["type"] == "XdsConnection" {
			return m["used"].(float64), m["quota"].(float64)
		}
	}
	t.Fatalf("no XdsConnection quota in %v", q)
	return 0, 0
}

// tenantRefusals reads causeway_xds_tenant_refusals_total from /metrics.
func tenantRefusals(t *testing.T, s *server) int {
	t.Helper()
	_, body := call(t, http.MethodGet, s.url("/metrics"), nil)
	m := regexp.MustCompile(`causeway_xds_tenant_refusals_total (\d+)`).FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// An engine of flavor cse.s1.small2 holds 100 xDS connections: with 100
// streams open in its namespace a real Envoy with the engine's token is
// refused (ResourceExhausted) and stays unconfigured, quotas answer 100 of
// 100; once one stream closes, the Envoy's retry is admitted.
func TestCSEEngineXDSConnectionLimit(t *testing.T) {
	envoyBinary(t)
	s := start(t, "", "--admin-password", adminPassword)
	logServerOnFailure(t, s)
	admin := login(t, s, adminPassword)
	a := createEngine(t, s, admin, "team-x")
	md := map[string]string{"causeway.role": "sidecar", "causeway.namespace": a.namespace}
	xtok := xdsToken(t, s, md)
	streams := openEngineStreams(t, s.xdsAddr, xtok, a.namespace, 100)
	if used, quota := xdsQuota(t, s, admin); used != 100 || quota != 100 {
		t.Fatalf("quotas answer %v of %v xDS connections, want 100 of 100", used, quota)
	}
	before := tenantRefusals(t, s)
	e := startEnvoy(t, envoyOptions{XDSAddr: s.xdsAddr, NodeID: "envoy-101", Metadata: md, Token: xtok, FetchTimeout: "1s"})
	e.waitStat(t, "cluster_manager.cds.update_failure", func(n int) bool { return n > 0 }, 10*time.Second)
	// Each retry counts as connected until its first request is refused.
	e.waitStat(t, "control_plane.connected_state", func(n int) bool { return n == 0 }, 10*time.Second)
	if after := tenantRefusals(t, s); after <= before {
		t.Fatalf("causeway counted no refusal (%d -> %d)", before, after)
	}
	streams[0]()
	eventually(t, 60*time.Second, "the Envoy to be admitted once a slot is free", func() bool {
		return e.stat(t, "control_plane.connected_state") == 1
	})
	if used, _ := xdsQuota(t, s, admin); used != 100 {
		t.Fatalf("quotas answer %v xDS connections, want 100", used)
	}
	_, d := cseCall(t, s, admin, "GET", "/v2/p1/enginemgr/engines/"+a.id, "")
	if in := d["reference"].(map[string]any)["inputs"].(map[string]any); in["usedXdsConnections"] != "100" {
		t.Fatalf("detail inputs %v", in)
	}
}
