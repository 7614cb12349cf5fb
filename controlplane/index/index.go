// Package index keeps an immutable snapshot of the registry for the
// translator: every service with all its instances (healthy or not), and
// every gateway with its routes (and the MCP servers and A2A agent cards
// its MCP and A2A routes name, resolved), as of one moment. A change produces a new
// snapshot that shares every unchanged service and gateway with the old
// one, so building it costs the change, not the registry's size.
package index

import (
	"context"
	"log/slog"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Service is one service as the translator sees it. Instances are sorted
// and shared: never modify them.
type Service struct {
	Key              naming.ServiceKey
	Version          int64
	Metadata         map[string]string
	ProtectThreshold float64
	Instances        []*naming.Instance

	// lazy, when set, fills the fields above on first use (see read).
	lazy *lazyRead
}

// Snapshot is the registry at one moment. It is never modified once
// published.
type Snapshot struct {
	services *serviceMap
	gateways map[gateway.Key]*Gateway
	// governance is the traffic rules (nil: none).
	governance *governance.Snapshot
	// Seq increases with every published snapshot.
	Seq uint64
}

// Service answers one service, or nil.
func (s *Snapshot) Service(k naming.ServiceKey) *Service { return s.services.get(k).read() }

// Services answers every service of a namespace and group (any when
// empty), sorted by key.
func (s *Snapshot) Services(ns, group string) []*Service {
	out := make([]*Service, 0, s.services.n)
	s.services.each(func(svc *Service) {
		if (ns == "" || svc.Key.Namespace == ns) && (group == "" || svc.Key.Group == group) {
			out = append(out, svc.read())
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key.String() < out[j].Key.String() })
	return out
}

// Len is the number of services.
func (s *Snapshot) Len() int { return s.services.n }

// NewSnapshot builds a snapshot from services (for tests and golden files).
func NewSnapshot(services ...*Service) *Snapshot {
	m := make(map[naming.ServiceKey]*Service, len(services))
	for _, s := range services {
		m[s.Key] = s
	}
	return &Snapshot{services: newServiceMap(m)}
}

// Change is a published snapshot and the services and gateways that
// changed since the previous one.
type Change struct {
	Snapshot *Snapshot
	Changed  []naming.ServiceKey
	Gateways []gateway.Key
}

// Index follows the registry and publishes snapshots.
type Index struct {
	reg      *naming.Registry
	gw       GatewaySource    // nil: no gateways
	gov      GovernanceSource // nil: no traffic rules
	plugins  PluginSource     // nil: gateways without plugins
	http2rpc HTTP2RPCSource   // nil: gateways without http2rpc
	mcp      MCPSource        // nil: MCP routes resolve to nothing
	a2a      A2ASource        // nil: A2A routes resolve to nothing
	log      *slog.Logger

	mu  sync.RWMutex
	cur *Snapshot
}

// New loads the current registry (and gateways, with WithGateways) into a
// first snapshot.
func New(reg *naming.Registry, log *slog.Logger, opts ...Option) *Index {
	x := &Index{reg: reg, log: log}
	for _, o := range opts {
		o(x)
	}
	empty := &Snapshot{services: newServiceMap(nil), gateways: map[gateway.Key]*Gateway{}}
	x.cur = x.rebuild(empty, x.allKeys(), x.allGateways(), true)
	return x
}

// Current answers the latest snapshot.
func (x *Index) Current() *Snapshot {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.cur
}

// Run publishes a Change on out for every batch of registry changes until
// ctx ends. A slow reader delays later batches but loses none: changes
// coalesce in the registry's feed meanwhile.
func (x *Index) Run(ctx context.Context, out chan<- Change) {
	l := x.reg.Listen()
	defer l.Close()
	var govWake <-chan struct{} // nil without a source: never ready
	var gov *feed.Listener[string]
	if x.gov != nil {
		gov = x.gov.Listen()
		defer gov.Close()
		govWake = gov.Wake()
	}
	gws := x.gatewayChanges(ctx)
	defer gws.Close()
	// Changes made between New and Listen would otherwise be missed.
	x.publish(ctx, out, x.allKeys(), x.allGateways(), true)
	var last time.Time // the last read of changed services
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Wake():
			pace(ctx, last)
			last = time.Now()
			x.publish(ctx, out, l.Drain(), nil, false)
		case <-gws.Wake():
			x.publish(ctx, out, nil, gws.Drain(), false)
		case <-govWake:
			gov.Drain()
			x.publish(ctx, out, nil, nil, true)
		}
	}
}

// gather is the shortest time between two reads of changed services.
// Reading a service copies its instance list, so during a burst of changes
// into a service of thousands, reading it after every change cost the
// service's size per change; now changes coalesce in the feed for up to
// gather and each read serves all of them. A lone change is read at once.
const gather = 5 * time.Millisecond

// pace waits until gather has passed since last (or ctx ends).
func pace(ctx context.Context, last time.Time) {
	wait := time.Until(last.Add(gather))
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// gatewayChanges merges the feeds that name changed gateways (the
// gateways themselves, their plugins, their http2rpc mappings, the MCP
// servers and A2A agents their routes name) into one,
// listening to each before it returns, until ctx ends.
func (x *Index) gatewayChanges(ctx context.Context) *feed.Listener[gateway.Key] {
	var sources []*feed.Listener[gateway.Key]
	if x.gw != nil {
		sources = append(sources, x.gw.Listen())
	}
	if x.plugins != nil {
		sources = append(sources, x.plugins.ListenPlugins())
	}
	if x.http2rpc != nil {
		sources = append(sources, x.http2rpc.Listen())
	}
	merged := &feed.Feed[gateway.Key]{}
	out := merged.Listen()
	for _, src := range sources {
		go forward(ctx, src, merged)
	}
	if x.mcp != nil {
		go x.forwardCatalog(ctx, x.mcp.Listen(), merged, mcpNames)
	}
	if x.a2a != nil {
		go x.forwardCatalog(ctx, x.a2a.Listen(), merged, a2aNames)
	}
	return out
}

func forward(ctx context.Context, src *feed.Listener[gateway.Key], dst *feed.Feed[gateway.Key]) {
	defer src.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-src.Wake():
			keys := src.Drain()
			set := make(map[gateway.Key]struct{}, len(keys))
			for _, k := range keys {
				set[k] = struct{}{}
			}
			dst.Publish(set)
		}
	}
}

func (x *Index) allKeys() []naming.ServiceKey {
	_, keys := x.reg.ListServices("", "", 1, math.MaxInt32)
	return keys
}

// publish builds and sends the next snapshot. rules: the traffic rules
// changed, which may touch every service.
func (x *Index) publish(ctx context.Context, out chan<- Change, keys []naming.ServiceKey, gws []gateway.Key, rules bool) {
	x.mu.Lock()
	next := x.rebuild(x.cur, keys, gws, rules)
	x.cur = next
	x.mu.Unlock()
	if rules {
		keys = next.allServiceKeys()
	}
	select {
	case out <- Change{Snapshot: next, Changed: keys, Gateways: gws}:
	case <-ctx.Done():
	}
}

// rebuild answers a copy of prev with the given services and gateways (and
// the traffic rules, when rules) read again.
func (x *Index) rebuild(prev *Snapshot, keys []naming.ServiceKey, gws []gateway.Key, rules bool) *Snapshot {
	gov := prev.governance
	if rules {
		gov = x.currentGovernance()
	}
	return &Snapshot{
		services:   x.rebuildServices(prev.services, keys),
		gateways:   x.rebuildGateways(prev.gateways, gws),
		governance: gov,
		Seq:        prev.Seq + 1,
	}
}

// rebuildServices answers prev with the given services read again; the
// unchanged ones are shared, and so is most of the set (serviceMap).
func (x *Index) rebuildServices(prev *serviceMap, keys []naming.ServiceKey) *serviceMap {
	if len(keys) == 0 {
		return prev // published sets are never modified
	}
	changes := make(map[naming.ServiceKey]*Service, len(keys))
	for _, k := range keys {
		if !x.reg.HasService(k) {
			changes[k] = nil // gone
			continue
		}
		changes[k] = x.lazyService(k)
	}
	return prev.with(changes)
}
