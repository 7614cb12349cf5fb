package index

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// A gateway route naming an MCP server follows the server: registered
// after the route, moved to another address by a new latest version, and
// deleted.
func TestSnapshotsFollowMCPServers(t *testing.T) {
	ctx := context.Background()
	st, reg := openRegistry(t, "")
	gws, k, rt := gatewayRoute(t, st, "weather", gateway.Destination{MCP: &gateway.MCPRef{Name: "weather"}})
	mcp, err := catalog.NewMCP(ctx, st, catalog.Options{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	defer mcp.Close()
	x := New(reg, quietLog, WithGateways(gws), WithMCP(mcp))
	if g := x.Current().Gateway(k); len(g.MCP) != 0 {
		t.Fatalf("an unregistered server resolved: %v", g.MCP)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan Change, 4)
	go x.Run(runCtx, changes)
	<-changes

	endpointIs := func(port int) func(Change) bool {
		return func(c Change) bool {
			ep := c.Snapshot.Gateway(k).MCP[rt.ID]
			return ep != nil && ep.Port == port
		}
	}
	put := func(version, port string, create bool) {
		t.Helper()
		server := `{"name":"weather","protocol":"mcp-streamable","versionDetail":{"version":"` + version + `"},` +
			`"remoteServerConfig":{"exportPath":"/mcp"}}`
		in, err := catalog.ParseMCPInput("", "", server, "", `{"type":"DIRECT","data":{"address":"10.0.0.1","port":"`+port+`"}}`)
		if err != nil {
			t.Fatal(err)
		}
		if create {
			_, err = mcp.Create(ctx, in)
		} else {
			err = mcp.Update(ctx, in, true)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	put("1.0.0", "8080", true)
	c := waitFor(t, changes, endpointIs(8080))
	if len(c.Gateways) != 1 || c.Gateways[0] != k {
		t.Fatalf("change names gateways %v, want %v", c.Gateways, k)
	}
	put("1.1.0", "9090", false)
	waitFor(t, changes, endpointIs(9090))
	if err := mcp.Delete(ctx, "", "", "weather", ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changes, func(c Change) bool { return len(c.Snapshot.Gateway(k).MCP) == 0 })
}

// gatewayRoute opens the gateway registry over st with gateway gw (one
// listener on 80) and one route named name to dest, for the tests of
// routes whose destination the index resolves (MCP servers, A2A agents).
func gatewayRoute(t *testing.T, st store.Store, name string, dest gateway.Destination) (*gateway.Registry, gateway.Key, *gateway.Route) {
	t.Helper()
	ctx := context.Background()
	gws, err := gateway.New(ctx, st, gateway.Options{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gws.Close)
	k := gateway.Key{Project: "default", ID: "gw"}
	if _, err := gws.PutGateway(ctx, gateway.Gateway{ID: k.ID, Project: k.Project,
		Listeners: []gateway.Listener{{Name: "http", Port: 80}}}); err != nil {
		t.Fatal(err)
	}
	rt, err := gws.CreateRoute(ctx, k, gateway.Route{Name: name, Domains: []string{"*"}, Destination: dest})
	if err != nil {
		t.Fatal(err)
	}
	return gws, k, rt
}
