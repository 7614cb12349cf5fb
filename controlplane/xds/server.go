package xds

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	discoverygrpc "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	cachev3 "github.com/envoyproxy/go-control-plane/pkg/cache/v3"
	serverv3 "github.com/envoyproxy/go-control-plane/pkg/server/v3"
	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/controlplane/translate"
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
}

// Server is the xDS server.
type Server struct {
	opts  Options
	log   *slog.Logger
	idx   *index.Index
	cache cachev3.SnapshotCache
	nodes *nodes
	xds   serverv3.Server
	m     *metrics

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
	s := &Server{opts: opts, log: opts.Logger, idx: idx, nodes: newNodes()}
	s.m = newMetrics(opts.Metrics, s.nodes)
	// ads=false: in ADS mode the cache answers a named request only when it
	// names every resource of that type in the snapshot, and a gRPC client
	// asks for the one listener it dials. Streams are aggregated all the same.
	s.cache = cachev3.NewSnapshotCache(false, cachev3.IDHash{}, nil)
	s.xds = serverv3.NewServer(ctx, s.cache, s.callbacks())
	return s
}

// Register adds the aggregated discovery service to g.
func (s *Server) Register(g *grpc.Server) {
	discoverygrpc.RegisterAggregatedDiscoveryServiceServer(g, s.xds)
}

// Nodes answers the connected nodes.
func (s *Server) Nodes() []NodeStatus { return s.nodes.statuses() }

// Run pushes every change until ctx ends, gathering bursts: a change waits
// Debounce for company, and never more than MaxDelay in all.
func (s *Server) Run(ctx context.Context, changes <-chan index.Change) {
	var latest *index.Snapshot
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-changes:
			if latest == nil {
				first = time.Now()
			}
			latest = c.Snapshot
			wait := min(s.opts.Debounce, time.Until(first.Add(s.opts.MaxDelay)))
			timer.Reset(max(wait, 0))
		case <-timer.C:
			if latest != nil {
				s.pushAll(latest, first)
				latest = nil
			}
		}
	}
}

// pushAll gives every connected node its snapshot. Nodes that see the same
// scope share one translation.
func (s *Server) pushAll(snap *index.Snapshot, since time.Time) {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	byScope := map[translate.Node]*cachev3.Snapshot{}
	nodes := s.nodes.all()
	defer func() { s.m.pushed(len(nodes), time.Since(since).Seconds()) }()
	for _, n := range nodes {
		scope := n
		scope.ID = ""
		cs, done := byScope[scope]
		if !done {
			var err error
			if cs, err = s.build(snap, n); err != nil {
				s.m.refusedTranslation()
				s.log.Error("translation refused; nodes keep their last configuration", "node", n.ID, "err", err)
			}
			byScope[scope] = cs
		}
		if cs != nil {
			s.set(n.ID, cs)
		}
	}
}

func (s *Server) build(snap *index.Snapshot, n translate.Node) (*cachev3.Snapshot, error) {
	res, err := translate.ForNode(snap, n)
	if err != nil {
		return nil, err
	}
	return snapshotOf(res)
}

func (s *Server) set(nodeID string, cs *cachev3.Snapshot) {
	if err := s.cache.SetSnapshot(context.Background(), nodeID, cs); err != nil {
		s.log.Error("set snapshot", "node", nodeID, "err", err)
	}
}

// welcome gives a node that just connected its first snapshot, before the
// cache answers its first request.
func (s *Server) welcome(n translate.Node) error {
	s.pushMu.Lock()
	defer s.pushMu.Unlock()
	cs, err := s.build(s.idx.Current(), n)
	if err != nil {
		return fmt.Errorf("translate for %s: %w", n.ID, err)
	}
	s.set(n.ID, cs)
	return nil
}
