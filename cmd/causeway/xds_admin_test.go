package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// A real ADS client connected to the wired server shows up in the admin
// API's node list, config dump and metrics.
func TestAdminShowsConnectedXDSClients(t *testing.T) {
	a, _ := newTestApp(t)
	gs := serveXDS(t, a)
	reg := url.Values{"serviceName": {"orders"}, "ip": {"10.0.0.1"}, "port": {"8080"}, "ephemeral": {"false"}}
	if code, body := send(a.handler, http.MethodPost, "/nacos/v1/ns/instance", reg, true); code != 200 {
		t.Fatalf("register: %d %s", code, body)
	}
	conn, err := grpc.NewClient(gs.addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: "sidecar-admin"}, TypeUrl: resourcev3.ClusterType}); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
		return rec.Body.String()
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(get("/causeway/v1/xds/nodes"), `"sent":{"type.googleapis.com/envoy.config.cluster.v3.Cluster"`) {
		if time.Now().After(deadline) {
			t.Fatalf("node list: %s", get("/causeway/v1/xds/nodes"))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The endpoints are in the dump although the cache holds them in wire
	// form. The index takes the registration in within its gather window
	// (5 ms), so a node that connected at once may get it a moment later.
	for {
		dump, missing := get("/causeway/v1/xds/config_dump?node=sidecar-admin"), ""
		for _, want := range []string{"outbound|||orders.DEFAULT_GROUP.public", `"address":"10.0.0.1"`, `"portValue":8080`} {
			if !strings.Contains(dump, want) {
				missing = want
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("config dump lacks %s: %s", missing, dump)
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := get("/metrics")
	for _, want := range []string{"causeway_xds_connected_nodes 1", "causeway_naming_instances 1", "causeway_store_revision", "causeway_naming_instance_changes_total 1", "go_goroutines"} {
		if !strings.Contains(m, want) {
			t.Fatalf("metrics lack %q", want)
		}
	}
}

// One connection gets xdsStreamsPerConn streams at once: the next one
// waits until one ends.
func TestXDSStreamsPerConnectionAreCapped(t *testing.T) {
	a, _ := newTestApp(t)
	gs := serveXDS(t, a)
	conn, err := grpc.NewClient(gs.addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ads := discovery.NewAggregatedDiscoveryServiceClient(conn)
	open := func(ctx context.Context, id string) error {
		stream, err := ads.StreamAggregatedResources(ctx)
		if err != nil {
			return err
		}
		if err := stream.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: id}, TypeUrl: resourcev3.ClusterType}); err != nil {
			return err
		}
		_, err = stream.Recv()
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range xdsStreamsPerConn {
		if err := open(ctx, fmt.Sprintf("held-%d", i)); err != nil {
			t.Fatalf("stream %d: %v", i, err)
		}
	}
	short, stop := context.WithTimeout(ctx, 500*time.Millisecond)
	defer stop()
	if err := open(short, "one-too-many"); status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("stream %d on one connection: %v, want it to wait", xdsStreamsPerConn+1, err)
	}
}

// serveXDS serves the app's xDS server on a loopback port until the test
// ends.
func serveXDS(t *testing.T, a *app) *grpcServer {
	t.Helper()
	gs, err := a.xds.listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = gs.serve() }()
	t.Cleanup(func() { stopGRPC(gs) })
	return gs
}
