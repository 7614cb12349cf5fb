package index

import (
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// MCPSource is where the MCP servers that gateway routes name come from:
// *catalog.MCP. Its feed names the servers that changed.
type MCPSource interface {
	Endpoint(ns, name, version string) (*catalog.MCPEndpoint, error)
	Listen() *feed.Listener[catalog.Key]
}

// WithMCP makes the index resolve gateway routes to MCP servers and follow
// the servers as they change. The instances of a REF server's naming
// service are in the snapshot like any service's.
func WithMCP(src MCPSource) Option { return func(x *Index) { x.mcp = src } }

// mcpEndpoints resolves the MCP routes of a gateway, by route id; a
// route whose server is not registered, or has no endpoint (a local stdio
// server), is left out.
func (x *Index) mcpEndpoints(routes []*gateway.Route) map[string]*catalog.MCPEndpoint {
	if x.mcp == nil {
		return nil
	}
	var out map[string]*catalog.MCPEndpoint
	for _, r := range routes {
		m := r.Destination.MCP
		if m == nil {
			continue
		}
		ep, err := x.mcp.Endpoint(m.Namespace, m.Name, m.Version)
		if err != nil {
			continue
		}
		if out == nil {
			out = map[string]*catalog.MCPEndpoint{}
		}
		out[r.ID] = ep
	}
	return out
}

// mcpNames answers the server an MCP route names.
func mcpNames(r *gateway.Route) (catalog.Key, bool) {
	if m := r.Destination.MCP; m != nil {
		return catalog.Key{Namespace: m.Namespace, Name: m.Name}, true
	}
	return catalog.Key{}, false
}
