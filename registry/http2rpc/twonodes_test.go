package http2rpc

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// node is one process's gateway and mapping registries.
type node struct {
	gws  *gateway.Registry
	maps *Registry
}

// twoNodes builds two nodes over one store, as two processes on one etcd.
func twoNodes(t *testing.T) (a, b node, st store.Store) {
	t.Helper()
	st = twonodes.Store(t)
	for _, n := range []*node{&a, &b} {
		gws, err := gateway.New(ctx, st, gateway.Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(gws.Close)
		maps, err := New(ctx, st, gws, Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(maps.Close)
		gws.AddDependent(maps)
		*n = node{gws, maps}
	}
	return a, b, st
}

// putGateway creates gateway id with a route "users" on n.
func putGateway(t *testing.T, n node, id string) gateway.Key {
	t.Helper()
	k := gateway.Key{Project: "default", ID: id}
	if _, err := n.gws.PutGateway(ctx, gateway.Gateway{Project: k.Project, ID: k.ID,
		Listeners: []gateway.Listener{{Name: "http", Port: 8080, Protocol: "HTTP"}}}); err != nil {
		t.Fatal(err)
	}
	rt := gateway.Route{Name: "users", Domains: []string{"*"},
		Match:       gateway.Match{Path: gateway.PathMatch{Type: gateway.PathPrefix, Value: "/users"}},
		Destination: gateway.Destination{Service: "users"}}
	if _, err := n.gws.CreateRoute(ctx, k, rt); err != nil {
		t.Fatal(err)
	}
	return k
}

// Mappings written on A show on B (the API and what xDS reads), B's feed
// wakes, and deleting the gateway on A takes its mappings on B too.
func TestTwoNodesMappingsFollowTheOtherNode(t *testing.T) {
	a, b, _ := twoNodes(t)
	k := putGateway(t, a, "gw1")
	l := b.maps.Listen()
	defer l.Close()
	twonodes.Eventually(t, "B sees A's gateway", func() bool { _, err := b.gws.GetGateway(k); return err == nil })
	m, err := a.maps.Create(ctx, k, mapping("users", "/users/{id}"))
	if err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B serves A's mapping", func() bool {
		got, err := b.maps.Get(k, m.ID)
		return err == nil && got.Name == m.Name && len(b.maps.Mappings(k)) == 1
	})
	<-l.Wake()
	if _, err := b.maps.Update(ctx, k, m.ID, mapping("users", "/users/{id}", "/users/all")); err != nil {
		t.Fatalf("B updates A's mapping: %v", err)
	}
	twonodes.Eventually(t, "A sees B's update", func() bool {
		got, err := a.maps.Get(k, m.ID)
		return err == nil && len(got.Dubbo.Methods) == 2
	})
	if err := a.gws.DeleteGateway(ctx, k); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B drops the deleted gateway's mappings", func() bool { return len(b.maps.Mappings(k)) == 0 })
}

// A mapping created on B while A deletes its gateway must not outlive the
// gateway: B's check of the gateway reads B's view, which may lag, so the
// write must be guarded in the store.
func TestTwoNodesNoMappingOutlivesItsGateway(t *testing.T) {
	a, b, st := twoNodes(t)
	for i := range 60 {
		k := putGateway(t, a, fmt.Sprintf("gw%d", i))
		twonodes.Eventually(t, "B sees the route", func() bool { _, err := b.gws.GetRouteByName(k, "users"); return err == nil })
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _ = a.gws.DeleteGateway(context.Background(), k) }()
		go func() {
			defer wg.Done()
			_, _ = b.maps.Create(context.Background(), k, mapping("users", "/users/{id}"))
		}()
		wg.Wait()
		kvs, _, err := st.List(ctx, mappingPrefix+gwPart(k)+"/")
		if err != nil {
			t.Fatal(err)
		}
		if len(kvs) > 0 {
			t.Fatalf("round %d: %d mapping records outlive their deleted gateway", i, len(kvs))
		}
	}
}
