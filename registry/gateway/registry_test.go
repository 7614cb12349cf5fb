package gateway

import (
	"context"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

func TestGatewayLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	if _, err := r.GetGateway(gwKey); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("get before put: %v", err)
	}
	g, err := r.PutGateway(ctx, httpGateway(gwKey, 8080))
	if err != nil {
		t.Fatal(err)
	}
	if g.ID != "gw1" || g.Project != "default" || len(g.Listeners) != 1 || g.Revision == 0 {
		t.Fatalf("stored %+v", g)
	}
	g2, err := r.PutGateway(ctx, httpGateway(gwKey, 8080, 9090))
	if err != nil {
		t.Fatal(err)
	}
	if len(g2.Listeners) != 2 || g2.Created != g.Created {
		t.Fatalf("replaced %+v (created %d, was %d)", g2, g2.Created, g.Created)
	}
	if _, err := r.CreateRoute(ctx, gwKey, route("r1", "orders")); err != nil {
		t.Fatal(err)
	}
	if err := r.DeleteGateway(ctx, gwKey); err != nil {
		t.Fatal(err)
	}
	if keys := storedKeys(t, st); len(keys) != 0 {
		t.Fatalf("left behind after delete: %v", keys)
	}
	wantKind(t, r.DeleteGateway(ctx, gwKey), registry.KindNotFound)
}

func TestPutGatewayRefusesBadInputAndStoresNothing(t *testing.T) {
	st := openStore(t)
	r := newRegistry(t, st)
	bad := httpGateway(gwKey, 80, 80)
	_, err := r.PutGateway(context.Background(), bad)
	wantKind(t, err, registry.KindInvalid)
	_, err = r.PutGateway(context.Background(), httpGateway(Key{Project: "p", ID: "a|b"}, 80))
	wantKind(t, err, registry.KindInvalid)
	if keys := storedKeys(t, st); len(keys) != 0 {
		t.Fatalf("stored %v", keys)
	}
}

func TestRouteLifecycle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	_, err := r.CreateRoute(ctx, gwKey, route("r1", "orders"))
	wantKind(t, err, registry.KindNotFound) // no gateway yet
	mustPut(t, r)

	created, err := r.CreateRoute(ctx, gwKey, route("r1", "orders"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(created.ID) || created.Destination.Group != DefaultGroup {
		t.Fatalf("created %+v", created)
	}
	_, err = r.CreateRoute(ctx, gwKey, route("r1", "users"))
	wantKind(t, err, registry.KindConflict)

	upd := route("r2", "users")
	upd.Timeout = "2s"
	got, err := r.UpdateRoute(ctx, gwKey, created.ID, upd)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "r2" || got.Created != created.Created || got.Timeout != "2s" {
		t.Fatalf("updated %+v", got)
	}
	// The rename freed r1.
	if _, err := r.CreateRoute(ctx, gwKey, route("r1", "orders")); err != nil {
		t.Fatal(err)
	}
	byName, err := r.GetRouteByName(gwKey, "r2")
	if err != nil || byName.ID != created.ID {
		t.Fatalf("by name: %v %v", byName, err)
	}
	routes, _ := r.ListRoutes(gwKey)
	if len(routes) != 2 || routes[0].ID != created.ID {
		t.Fatalf("list not in creation order: %v", routes)
	}
	if err := r.DeleteRoute(ctx, gwKey, created.ID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, r.DeleteRoute(ctx, gwKey, created.ID), registry.KindNotFound)
	_, err = r.GetRouteByName(gwKey, "r2")
	wantKind(t, err, registry.KindNotFound)
	if _, err := r.CreateRoute(ctx, gwKey, route("r2", "orders")); err != nil {
		t.Fatalf("name of a deleted route not freed: %v", err)
	}
}

func TestRouteWritesRefuseBadInputAndStoreNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	mustPut(t, r)
	before := storedKeys(t, st)
	ok, err := r.CreateRoute(ctx, gwKey, route("ok", "orders"))
	if err != nil {
		t.Fatal(err)
	}
	after := storedKeys(t, st)
	bad := route("r1", "orders")
	bad.Match.Path = PathMatch{Type: PathRegex, Value: "("}
	_, err = r.CreateRoute(ctx, gwKey, bad)
	wantKind(t, err, registry.KindInvalid)
	withID := route("r1", "orders")
	withID.ID = "abc"
	_, err = r.CreateRoute(ctx, gwKey, withID)
	wantKind(t, err, registry.KindInvalid)
	_, err = r.UpdateRoute(ctx, gwKey, ok.ID, bad)
	wantKind(t, err, registry.KindInvalid)
	_, err = r.UpdateRoute(ctx, gwKey, ok.ID, withID)
	wantKind(t, err, registry.KindInvalid)
	_, err = r.UpdateRoute(ctx, gwKey, "missing", route("x", "orders"))
	wantKind(t, err, registry.KindNotFound)
	if got := storedKeys(t, st); !slices.Equal(got, after) || len(after) != len(before)+2 {
		t.Fatalf("store changed: %v", got)
	}
	same, _ := r.GetRoute(gwKey, ok.ID)
	if same.Revision != ok.Revision {
		t.Fatal("a refused update changed the route")
	}
}

// Two writers racing for one name: exactly one wins, the other is told the
// name is taken, and one name record remains.
func TestConcurrentCreatesOfOneName(t *testing.T) {
	st := openStore(t)
	r := newRegistry(t, st)
	mustPut(t, r)
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := r.CreateRoute(context.Background(), gwKey, route("same", "orders"))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	wins := 0
	for err := range errs {
		if err == nil {
			wins++
		} else if registry.KindOf(err) != registry.KindConflict {
			t.Fatalf("loser got %v", err)
		}
	}
	routes, _ := r.ListRoutes(gwKey)
	if wins != 1 || len(routes) != 1 {
		t.Fatalf("%d wins, %d routes", wins, len(routes))
	}
}

func TestReloadAndProjectsAreSeparate(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	r := newRegistry(t, st)
	mustPut(t, r)
	other := Key{Project: "p2", ID: gwKey.ID}
	if _, err := r.PutGateway(ctx, httpGateway(other, 81)); err != nil {
		t.Fatal(err)
	}
	rt, err := r.CreateRoute(ctx, gwKey, route("r1", "orders"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateRoute(ctx, other, route("r1", "orders")); err != nil {
		t.Fatalf("same name in another project: %v", err)
	}
	fresh := newRegistry(t, st)
	if keys := fresh.Keys(); len(keys) != 2 || keys[0] != gwKey || keys[1] != other {
		t.Fatalf("keys after reload: %v", keys)
	}
	gw, routes := fresh.View(gwKey)
	if gw == nil || gw.Listeners[0].Port != 8080 || len(routes) != 1 || routes[0].ID != rt.ID || routes[0].Gateway != gwKey {
		t.Fatalf("reloaded %+v %+v", gw, routes)
	}
}

func TestChangeFeedCoalesces(t *testing.T) {
	ctx := context.Background()
	r := newRegistry(t, openStore(t))
	sub := r.Listen()
	defer sub.Close()
	mustPut(t, r)
	for _, name := range []string{"a", "b", "c"} {
		if _, err := r.CreateRoute(ctx, gwKey, route(name, "orders")); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-sub.Wake():
	case <-time.After(5 * time.Second):
		t.Fatal("no wake")
	}
	if got := sub.Drain(); len(got) != 1 || got[0] != gwKey {
		t.Fatalf("drained %v, want the one gateway once", got)
	}
	if got := sub.Drain(); len(got) != 0 {
		t.Fatalf("drained again: %v", got)
	}
}

func TestWarnings(t *testing.T) {
	r := newRegistry(t, openStore(t))
	known, unknown := route("a", "orders"), route("b", "ghost")
	for _, rt := range []*Route{&known, &unknown} {
		if err := ValidateRoute(rt); err != nil {
			t.Fatal(err)
		}
	}
	if w := r.Warnings(&known); len(w) != 0 {
		t.Fatalf("warnings for a known service: %v", w)
	}
	if w := r.Warnings(&unknown); len(w) != 1 {
		t.Fatalf("warnings for an unknown service: %v", w)
	}
}

func mustPut(t *testing.T, r *Registry) {
	t.Helper()
	if _, err := r.PutGateway(context.Background(), httpGateway(gwKey, 8080)); err != nil {
		t.Fatal(err)
	}
}
