package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	resourcev3 "github.com/envoyproxy/go-control-plane/pkg/resource/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// xdsMemory measures the server's resident memory per connected xDS client
// holding 100 clusters: it registers 100 services, connects the clients
// (each its own gRPC connection and ADS stream, fetching every cluster and
// its endpoints) and compares the process's RSS before and after.
//
// With withAuth the server runs with auth on and every stream sends a
// minted sidecar token, so the figure includes what verifying it keeps.
func xdsMemory(binary string, clients int, withAuth bool) error {
	password := ""
	if withAuth {
		password = benchAdminPassword
	}
	srv, err := startServerAuth(binary, "warn", nil, password)
	if err != nil {
		return err
	}
	defer srv.stop()
	creds, err := xdsCredentials(srv, withAuth)
	if err != nil {
		return err
	}
	c := newClient(srv.base)
	for i := 0; i < 100; i++ {
		path := fmt.Sprintf("/nacos/v1/ns/instance?serviceName=svc-%03d&ip=10.0.%d.1&port=8080&ephemeral=false", i, i) + creds.query
		if err := c.do("POST", path); err != nil {
			return err
		}
	}
	time.Sleep(200 * time.Millisecond)
	before, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ready atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := holdStream(creds.outgoing(ctx), srv.xds, fmt.Sprintf("mem-%d", i), &ready); err != nil && ctx.Err() == nil {
				fmt.Fprintln(os.Stderr, "client:", err)
			}
		}(i)
	}
	deadline := time.Now().Add(60 * time.Second)
	for ready.Load() < int64(clients) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	after, err := rss(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Printf("xds-memory%s %d clients holding 100 clusters: server RSS %d MiB -> %d MiB, %.0f KiB per client (%d ready)\n",
		creds.label, clients, before>>20, after>>20, float64(after-before)/1024/float64(clients), ready.Load())
	cancel()
	wg.Wait()
	return nil
}

// holdStream fetches every cluster and its endpoints, then holds the stream.
func holdStream(ctx context.Context, addr, id string, ready *atomic.Int64) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	s, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		return err
	}
	if err := s.Send(&discovery.DiscoveryRequest{Node: &corev3.Node{Id: id}, TypeUrl: resourcev3.ClusterType}); err != nil {
		return err
	}
	cds, err := s.Recv()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(cds.Resources))
	for _, r := range cds.Resources {
		c := &clusterv3.Cluster{}
		if err := r.UnmarshalTo(c); err != nil {
			return err
		}
		names = append(names, c.GetEdsClusterConfig().GetServiceName())
	}
	acks := []*discovery.DiscoveryRequest{
		{TypeUrl: resourcev3.ClusterType, VersionInfo: cds.VersionInfo, ResponseNonce: cds.Nonce},
		{TypeUrl: resourcev3.EndpointType, ResourceNames: names},
	}
	for _, r := range acks {
		if err := s.Send(r); err != nil {
			return err
		}
	}
	eds, err := s.Recv()
	if err != nil {
		return err
	}
	if len(cds.Resources) == 100 && len(eds.Resources) == 100 {
		ready.Add(1)
	}
	_, err = s.Recv() // hold until cancelled
	return err
}

// rss answers a process's resident set size in bytes.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
}
