package translate

import (
	"encoding/json"
	"testing"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/http2rpc"
)

// goldenGateway is a gateway of a golden input with its routes, written as
// the API would take them. Routes are validated (which fills their
// defaults); a route without an id is named after itself, and one without
// a creation revision is created in file order.
type goldenGateway struct {
	Project   string             `yaml:"project"`
	ID        string             `yaml:"id"`
	Listeners []gateway.Listener `yaml:"listeners"`
	Routes    []gateway.Route    `yaml:"routes"`
	Plugins   []goldenPlugin     `yaml:"plugins"`
	// HTTP2RPC are mappings as the API takes them (JSON field names);
	// without an id one is named after itself.
	HTTP2RPC []map[string]any `yaml:"http2rpc"`
	// MCP are the servers of the MCP routes as the index resolves them, by
	// route name (a route left out names a server not registered).
	MCP map[string]catalog.MCPEndpoint `yaml:"mcp"`
	// A2A are the agent cards of the A2A routes, in JSON as the v3 admin
	// API takes them, by route name (a route left out names an agent not
	// registered).
	A2A map[string]string `yaml:"a2a"`
}

// goldenPlugin is a plugin of a golden gateway; without a creation
// revision it is created in file order, without an id named after itself.
type goldenPlugin struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Phase    string `yaml:"phase"`
	Priority int    `yaml:"priority"`
	Created  int64  `yaml:"created"`
	SHA256   string `yaml:"sha256"`
	Config   string `yaml:"config"`
	FailOpen bool   `yaml:"failOpen"`
}

func (g goldenIn) gateways(t *testing.T) []*index.Gateway {
	t.Helper()
	var out []*index.Gateway
	for _, gg := range g.Gateways {
		gw := &gateway.Gateway{ID: gg.ID, Project: gg.Project, Listeners: gg.Listeners}
		if gw.Project == "" {
			gw.Project = gateway.ProjectOfNamespace("")
		}
		if err := gateway.ValidateGateway(gw); err != nil {
			t.Fatalf("gateway %s: %v", gg.ID, err)
		}
		ig := &index.Gateway{Gateway: gw}
		for i := range gg.Routes {
			r := gg.Routes[i]
			if err := gateway.ValidateRoute(&r); err != nil {
				t.Fatalf("gateway %s route %s: %v", gg.ID, r.Name, err)
			}
			if r.ID == "" {
				r.ID = r.Name
			}
			if r.Created == 0 {
				r.Created = int64(i + 1)
			}
			r.Gateway = gw.Key()
			ig.Routes = append(ig.Routes, &r)
			if ep, ok := gg.MCP[r.Name]; ok {
				if ig.MCP == nil {
					ig.MCP = map[string]*catalog.MCPEndpoint{}
				}
				ig.MCP[r.ID] = &ep
			}
			if card, ok := gg.A2A[r.Name]; ok {
				c, err := catalog.ParseAgentCard(card)
				if err != nil {
					t.Fatalf("gateway %s route %s: %v", gg.ID, r.Name, err)
				}
				if ig.A2A == nil {
					ig.A2A = map[string]*catalog.AgentCard{}
				}
				ig.A2A[r.ID] = c
			}
		}
		for i, p := range gg.Plugins {
			ip := &index.Plugin{ID: p.ID, Name: p.Name, Phase: p.Phase, Priority: p.Priority, Created: p.Created,
				SHA256: p.SHA256, Config: []byte(p.Config), FailOpen: p.FailOpen}
			if ip.ID == "" {
				ip.ID = ip.Name
			}
			if ip.Created == 0 {
				ip.Created = int64(i + 1)
			}
			ig.Plugins = append(ig.Plugins, ip)
		}
		ig.HTTP2RPC = gg.mappings(t)
		out = append(out, ig)
	}
	return out
}

func (gg goldenGateway) mappings(t *testing.T) []*http2rpc.Mapping {
	t.Helper()
	var out []*http2rpc.Mapping
	for i, raw := range gg.HTTP2RPC {
		b, err := json.Marshal(raw)
		if err != nil {
			t.Fatal(err)
		}
		var m http2rpc.Mapping
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("gateway %s mapping %d: %v", gg.ID, i, err)
		}
		if m.ID == "" {
			m.ID = m.Name
		}
		m.Created = int64(i + 1)
		out = append(out, &m)
	}
	return out
}
