package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/controlplane/xds"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin"
)

// controlPlane is the registry -> index -> translate -> xDS pipeline, one
// goroutine per stage, wired here and nowhere else.
type controlPlane struct {
	server *xds.Server
	conns  *connLimit
	cancel context.CancelFunc
	done   chan struct{}
}

func wireControlPlane(ctx context.Context, d *domain, cfg config, metrics prometheus.Registerer, log *slog.Logger, verifier xds.Verifier) *controlPlane {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	log = log.With("component", "xds")
	idx := index.New(d.naming, log, index.WithGateways(d.gateways), index.WithGovernance(d.governance),
		index.WithPlugins(pluginSource{reg: d.plugins, modules: &moduleCache{}}), index.WithHTTP2RPC(d.http2rpc),
		index.WithMCP(d.mcp), index.WithA2A(d.a2a))
	cp := &controlPlane{server: xds.New(ctx, idx, xds.Options{Logger: log, Metrics: metrics,
		HTTPAddress: reachableAddr(cfg.HTTPAddr), HTTP2RPCAddress: reachableAddr(cfg.HTTP2RPCAddr),
		HTTP2RPCSeal: d.seal, Verifier: verifier, Limiter: d.engines}),
		cancel: cancel, done: make(chan struct{}), conns: newConnLimit("xds", cfg.XDSMaxConns, cfg.XDSMaxConnsPerHost)}
	cp.conns.register(metrics)
	changes := make(chan index.Change, 1)
	go idx.Run(ctx, changes)
	go func() {
		defer close(cp.done)
		cp.server.Run(ctx, changes)
	}()
	return cp
}

func (cp *controlPlane) stop() {
	cp.cancel()
	<-cp.done
}

// An Envoy opens one ADS stream per connection (one per resource type
// without ADS), a grpc-go client one: a connection gets 64 streams, where
// an unlimited number let one client hold thousands. Requests are ACKs of a
// few hundred bytes, so each connection reads through 4 KiB instead of
// gRPC's 32 KiB, and its write buffer is returned between pushes.
const (
	xdsStreamsPerConn = 64
	xdsReadBuffer     = 4 << 10
)

// grpcServer is the xDS listener.
type grpcServer struct {
	g  *grpc.Server
	ln net.Listener
}

// listen binds the xDS address now, so a taken port fails at start-up;
// with tc it serves TLS.
func (cp *controlPlane) listen(addr string, tc *tls.Config) (*grpcServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	opts := []grpc.ServerOption{
		grpc.MaxConcurrentStreams(xdsStreamsPerConn),
		grpc.ReadBufferSize(xdsReadBuffer),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: 30 * time.Second, Timeout: 10 * time.Second}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 15 * time.Second, PermitWithoutStream: true}),
	}
	if tc != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(tc)))
	}
	g := grpc.NewServer(opts...)
	cp.server.Register(g)
	return &grpcServer{g: g, ln: cp.conns.wrap(ln)}, nil
}

func (s *grpcServer) serve() error { return s.g.Serve(s.ln) }

func (s *grpcServer) addr() string { return s.ln.Addr().String() }

// stopGRPC ends xDS streams: they never end by themselves, so a graceful
// stop gets a moment and then the streams are cut; clients reconnect to
// another control plane or to this one when it is back.
func stopGRPC(s *grpcServer) {
	done := make(chan struct{})
	go func() { s.g.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		s.g.Stop()
	}
}

// reachableAddr is how a client on this host reaches a listen address:
// a listener on every interface (":8848", "0.0.0.0:8848") by loopback.
// Gateways elsewhere say where they reach Causeway (causeway.http_address).
func reachableAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// pluginSource hands the plugin registry's gateway plugins to the index in
// the index's own terms, so neither package imports the other, with their
// modules' bytes (gateways get them inline; see translate.moduleSource).
type pluginSource struct {
	reg     *plugin.Registry
	modules *moduleCache
}

// moduleCache keeps modules by sha256: they never change, and reading one
// from the store on every gateway rebuild would cost megabytes each time.
type moduleCache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *moduleCache) get(reg *plugin.Registry, sha string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.m[sha]; ok {
		return b
	}
	b, err := reg.Module(sha)
	if err != nil {
		return nil // not stored (yet): the gateway fetches it by sha256
	}
	if c.m == nil {
		c.m = map[string][]byte{}
	}
	c.m[sha] = b
	return b
}

func (s pluginSource) ListenPlugins() *feed.Listener[gateway.Key] { return s.reg.Listen() }

func (s pluginSource) GatewayPlugins(k gateway.Key) []*index.Plugin {
	ps := s.reg.Plugins(k)
	out := make([]*index.Plugin, 0, len(ps))
	for _, p := range ps {
		if p.Disabled {
			continue // kept, but out of the filter chain
		}
		mod := s.modules.get(s.reg, p.SHA256)
		out = append(out, &index.Plugin{ID: p.ID, Name: p.Name, Phase: string(p.Phase), Priority: p.Priority,
			Created: p.Created, SHA256: p.SHA256, Config: p.Config, FailOpen: p.FailStrategy == plugin.FailOpen, Module: mod})
	}
	return out
}
