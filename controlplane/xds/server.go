package xds

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	discoverygrpc "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	serverv3 "github.com/envoyproxy/go-control-plane/pkg/server/v3"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/controlplane/translate"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Options tune the server.
type Options struct {
	Logger *slog.Logger
	// Debounce is how long a burst of changes is gathered before a push
	// (default 10 ms); MaxDelay caps how long a steady stream of changes can
	// hold a push back (default 50 ms).
	Debounce time.Duration
	MaxDelay time.Duration
	// Metrics, when set, receives the server's Prometheus metrics.
	Metrics prometheus.Registerer
	// HTTPAddress is Causeway's HTTP address as clients reach it (where
	// gateways fetch plugin modules), unless a node says otherwise
	// (causeway.http_address); default 127.0.0.1:8848.
	HTTPAddress string
	// HTTP2RPCAddress is the HTTP to Dubbo bridge's address as gateways
	// reach it, the default of their causeway.http2rpc_address.
	HTTP2RPCAddress string
	// HTTP2RPCSeal signs gateways' bridge routes for the bridge to check.
	HTTP2RPCSeal http2rpc.Seal
	// Verifier, when set, admits only streams whose bearer token it accepts
	// and whose nodes claim what the token grants; nil leaves xDS open.
	Verifier Verifier
	// Limiter, when set, caps the streams that name a tenant's namespace
	// (a CSE engine's xDS connections).
	Limiter StreamLimiter
}

// Server is the xDS server.
type Server struct {
	opts  Options
	log   *slog.Logger
	idx   *index.Index
	cache *scopedCache
	nodes *nodes
	xds   serverv3.Server
	m     *metrics
	guard *guard
	// tenants counts streams by namespace against their tenant's limit.
	tenants *tenantStreams

	pushMu sync.Mutex // one push at a time, in snapshot order
}

// New builds a server over the index; Register it on a gRPC server and Run
// it with the index's changes.
func New(ctx context.Context, idx *index.Index, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 50 * time.Millisecond
	}
	s := &Server{opts: opts, log: opts.Logger, idx: idx, nodes: newNodes(), cache: newScopedCache(translate.NodeDefaults{HTTPAddress: opts.HTTPAddress,
		HTTP2RPCAddress: opts.HTTP2RPCAddress, HTTP2RPCSeal: opts.HTTP2RPCSeal})}
	s.m = newMetrics(opts.Metrics, s.nodes)
	s.guard = newGuard(opts.Verifier, s.m, s.cache.defaults)
	s.tenants = newTenantStreams(opts.Limiter, s.m)
	s.xds = serverv3.NewServer(ctx, s.cache, s.callbacks())
	return s
}

// Register adds the aggregated discovery service to g.
func (s *Server) Register(g *grpc.Server) {
	discoverygrpc.RegisterAggregatedDiscoveryServiceServer(g, s.xds)
}

// Nodes answers the connected nodes.
func (s *Server) Nodes() []NodeStatus { return s.nodes.statuses() }

// Run pushes every change until ctx ends. A change after a quiet spell is
// pushed at once; changes that follow within Debounce are gathered, and a
// steady stream of them waits MaxDelay at most.
func (s *Server) Run(ctx context.Context, changes <-chan index.Change) {
	b := &batch{changed: map[naming.ServiceKey]struct{}{}}
	var lastPush time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() {
		if b.latest != nil {
			s.pushAll(b.latest, keysOf(b.changed), b.first)
			b.reset()
			lastPush = time.Now()
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-changes:
			b.add(c)
			if time.Since(lastPush) > s.opts.Debounce {
				flush() // leading edge: a lone change lands without waiting
				continue
			}
			wait := min(s.opts.Debounce, time.Until(b.first.Add(s.opts.MaxDelay)))
			timer.Reset(max(wait, 0))
		case <-timer.C:
			flush()
		}
	}
}

// batch gathers changes between pushes.
type batch struct {
	latest  *index.Snapshot
	first   time.Time
	changed map[naming.ServiceKey]struct{}
}

func (b *batch) add(c index.Change) {
	if b.latest == nil {
		b.first = time.Now()
	}
	b.latest = c.Snapshot
	for _, k := range c.Changed {
		b.changed[k] = struct{}{}
	}
}

func (b *batch) reset() {
	b.latest = nil
	clear(b.changed)
}

// pushAll brings every scope up to date with snap. A scope whose
// translation fails keeps its last configuration.
func (s *Server) pushAll(snap *index.Snapshot, keys []naming.ServiceKey, since time.Time) {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	scopes := s.cache.all()
	changed := 0
	for _, sc := range scopes {
		n, err := sc.update(snap, keys)
		changed += n
		if err != nil {
			s.m.refusedTranslation()
			s.log.Error("translation refused; nodes keep their last configuration", "scope", sc.node, "err", err)
		}
	}
	if changed > 0 {
		s.m.pushed(changed, time.Since(since).Seconds())
	}
}

// welcome gives a node that just connected its scope, translated now if it
// is the scope's first node.
func (s *Server) welcome(n translate.Node) error {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	err := s.cache.acquire(n, func(sc *scope) error { return sc.fill(s.idx.Current()) })
	if err != nil {
		return fmt.Errorf("translate for %s: %w", n.ID, err)
	}
	return nil
}

func keysOf(m map[naming.ServiceKey]struct{}) []naming.ServiceKey {
	out := make([]naming.ServiceKey, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
