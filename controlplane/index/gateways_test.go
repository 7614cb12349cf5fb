package index

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/gateway"
)

func TestSnapshotsFollowGateways(t *testing.T) {
	ctx := context.Background()
	log := quietLog
	st, reg := openRegistry(t, "")
	gws, err := gateway.New(ctx, st, gateway.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer gws.Close()
	k1, k2 := gateway.Key{Project: "default", ID: "a"}, gateway.Key{Project: "default", ID: "b"}
	for _, k := range []gateway.Key{k1, k2} {
		g := gateway.Gateway{ID: k.ID, Project: k.Project, Listeners: []gateway.Listener{{Name: "http", Port: 80}}}
		if _, err := gws.PutGateway(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	x := New(reg, log, WithGateways(gws))
	if got := x.Current().Gateways(); len(got) != 2 || got[0].Gateway.ID != "a" {
		t.Fatalf("first snapshot has gateways %v", got)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan Change, 4)
	go x.Run(runCtx, changes)
	first := (<-changes).Snapshot

	rt := gateway.Route{Name: "r", Domains: []string{"*"}, Destination: gateway.Destination{Service: "s"}}
	if _, err := gws.CreateRoute(ctx, k1, rt); err != nil {
		t.Fatal(err)
	}
	c := waitFor(t, changes, func(c Change) bool { return len(c.Snapshot.Gateway(k1).Routes) == 1 })
	if len(c.Gateways) != 1 || c.Gateways[0] != k1 || len(c.Changed) != 0 {
		t.Fatalf("change names %v and services %v, want only gateway %v", c.Gateways, c.Changed, k1)
	}
	if c.Snapshot.Gateway(k2) != first.Gateway(k2) {
		t.Fatal("an unchanged gateway was rebuilt")
	}
	if err := gws.DeleteGateway(ctx, k1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, changes, func(c Change) bool { return c.Snapshot.Gateway(k1) == nil && c.Snapshot.Gateway(k2) != nil })
}

func waitFor(t *testing.T, changes <-chan Change, ok func(Change) bool) Change {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case c := <-changes:
			if ok(c) {
				return c
			}
		case <-deadline:
			t.Fatal("no such change published")
		}
	}
}

func TestWithGatewaysOnASnapshot(t *testing.T) {
	g := &Gateway{Gateway: &gateway.Gateway{ID: "gw", Project: "p"}}
	s := NewSnapshot().WithGateways(g)
	if s.Gateway(gateway.Key{Project: "p", ID: "gw"}) != g || NewSnapshot().Gateway(g.Gateway.Key()) != nil {
		t.Fatal("WithGateways did not add the gateway")
	}
}
