package index

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/gateway"
)

// A gateway route naming an A2A agent follows the agent's card:
// registered after the route, moved to another port by a new latest
// version, and deleted.
func TestSnapshotsFollowA2AAgents(t *testing.T) {
	ctx := context.Background()
	st, reg := openRegistry(t, "")
	gws, k, rt := gatewayRoute(t, st, "planner", gateway.Destination{A2A: &gateway.A2ARef{Name: "planner", PublicURL: "http://gw"}})
	a2a, err := catalog.NewA2A(ctx, st, catalog.Options{Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	defer a2a.Close()
	x := New(reg, quietLog, WithGateways(gws), WithA2A(a2a))
	if g := x.Current().Gateway(k); len(g.A2A) != 0 {
		t.Fatalf("an unregistered agent resolved: %v", g.A2A)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan Change, 4)
	go x.Run(runCtx, changes)
	<-changes

	urlIs := func(u string) func(Change) bool {
		return func(c Change) bool {
			card := c.Snapshot.Gateway(k).A2A[rt.ID]
			return card != nil && card.URL == u
		}
	}
	put := func(version, url string, create bool) {
		t.Helper()
		c, err := catalog.ParseAgentCard(`{"name":"planner","version":"` + version + `","url":"` + url + `"}`)
		if err != nil {
			t.Fatal(err)
		}
		if create {
			err = a2a.Register(ctx, "", c, "")
		} else {
			err = a2a.Update(ctx, "", c, true, "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	put("1", "http://10.0.0.1:8080/", true)
	c := waitFor(t, changes, urlIs("http://10.0.0.1:8080/"))
	if len(c.Gateways) != 1 || c.Gateways[0] != k {
		t.Fatalf("change names gateways %v, want %v", c.Gateways, k)
	}
	put("2", "http://10.0.0.1:9090/", false)
	waitFor(t, changes, urlIs("http://10.0.0.1:9090/"))
	if err := a2a.Delete(ctx, "", "planner", ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changes, func(c Change) bool { return len(c.Snapshot.Gateway(k).A2A) == 0 })
}
