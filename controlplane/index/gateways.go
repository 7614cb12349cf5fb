package index

import (
	"sort"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// Gateway is one gateway as the translator sees it: its listeners, its
// routes in creation order, its WASM plugins and its http2rpc mappings.
// Shared: never modify it.
type Gateway struct {
	Gateway  *gateway.Gateway
	Routes   []*gateway.Route
	Plugins  []*Plugin
	HTTP2RPC []*http2rpc.Mapping
	// MCP are the MCP servers the routes to one name, resolved, by route
	// id; a route to a server that is not registered (or local) has none.
	MCP map[string]*catalog.MCPEndpoint
	// A2A are the cards of the agents the A2A routes name, by route id; a
	// route to an agent that is not registered has none.
	A2A map[string]*catalog.AgentCard
}

// Plugin is a gateway's WASM plugin as the translator needs it: which
// module (by sha256, served from Causeway's HTTP port), with which
// configuration, where in the filter chain.
type Plugin struct {
	ID       string
	Name     string
	Phase    string // AUTHN, AUTHZ, STATS or UNSPECIFIED_PHASE
	Priority int
	Created  int64
	SHA256   string
	Config   []byte // handed to the plugin raw
	FailOpen bool
	// Module is the module's bytes when the source has them at hand: the
	// gateway then gets the module inline, loading it before the new
	// filter takes traffic. Without them it fetches the module by sha256.
	Module []byte
}

// GatewaySource is where gateways come from: *gateway.Registry.
type GatewaySource interface {
	Listen() *gateway.Subscription
	Keys() []gateway.Key
	View(k gateway.Key) (*gateway.Gateway, []*gateway.Route)
}

// PluginSource is where gateways' plugins come from: the plugin registry,
// through a small adapter where the process is wired. Its feed names the
// gateways whose plugins changed.
type PluginSource interface {
	GatewayPlugins(k gateway.Key) []*Plugin
	ListenPlugins() *feed.Listener[gateway.Key]
}

// HTTP2RPCSource is where gateways' http2rpc mappings come from:
// *http2rpc.Registry. Its feed names the gateways whose mappings changed.
type HTTP2RPCSource interface {
	Mappings(k gateway.Key) []*http2rpc.Mapping
	Listen() *feed.Listener[gateway.Key]
}

// WithHTTP2RPC makes the index follow gateways' http2rpc mappings too.
func WithHTTP2RPC(src HTTP2RPCSource) Option { return func(x *Index) { x.http2rpc = src } }

// WithPlugins makes the index follow gateways' plugins too.
func WithPlugins(src PluginSource) Option { return func(x *Index) { x.plugins = src } }

// Option tunes an Index.
type Option func(*Index)

// WithGateways makes the index follow gateways too; without it snapshots
// hold none, which is all a registry-only test needs.
func WithGateways(src GatewaySource) Option { return func(x *Index) { x.gw = src } }

// Gateway answers one gateway, or nil.
func (s *Snapshot) Gateway(k gateway.Key) *Gateway { return s.gateways[k] }

// Gateways answers every gateway, sorted by project and id.
func (s *Snapshot) Gateways() []*Gateway {
	out := make([]*Gateway, 0, len(s.gateways))
	for _, g := range s.gateways {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Gateway, out[j].Gateway
		return a.Project < b.Project || (a.Project == b.Project && a.ID < b.ID)
	})
	return out
}

// WithGateways answers a copy of s that also holds gws (for tests and
// golden files; the Index builds its own).
func (s *Snapshot) WithGateways(gws ...*Gateway) *Snapshot {
	m := make(map[gateway.Key]*Gateway, len(s.gateways)+len(gws))
	for k, g := range s.gateways {
		m[k] = g
	}
	for _, g := range gws {
		m[g.Gateway.Key()] = g
	}
	return &Snapshot{services: s.services, gateways: m, governance: s.governance, Seq: s.Seq}
}

func (x *Index) allGateways() []gateway.Key {
	if x.gw == nil {
		return nil
	}
	return x.gw.Keys()
}

// rebuildGateways answers prev with the given gateways read again; like
// services, unchanged gateways are shared and an unchanged map is kept.
func (x *Index) rebuildGateways(prev map[gateway.Key]*Gateway, keys []gateway.Key) map[gateway.Key]*Gateway {
	if len(keys) == 0 || x.gw == nil {
		return prev
	}
	m := make(map[gateway.Key]*Gateway, len(prev)+len(keys))
	for k, g := range prev {
		m[k] = g
	}
	for _, k := range keys {
		gw, routes := x.gw.View(k)
		if gw == nil {
			delete(m, k) // gone
			continue
		}
		g := &Gateway{Gateway: gw, Routes: routes}
		if x.plugins != nil {
			g.Plugins = x.plugins.GatewayPlugins(k)
		}
		if x.http2rpc != nil {
			g.HTTP2RPC = x.http2rpc.Mappings(k)
		}
		g.MCP = x.mcpEndpoints(routes)
		g.A2A = x.a2aCards(routes)
		m[k] = g
	}
	return m
}
