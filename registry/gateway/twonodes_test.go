package gateway

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// Gateways and routes written on A show on B (API and the view xDS reads),
// and B's feed wakes; A reads its own writes at once.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	ctx := context.Background()
	st := twonodes.Store(t)
	a, b := newRegistry(t, st), newRegistry(t, st)
	k := Key{Project: "default", ID: "gw1"}
	var routeID string
	cases := []struct {
		name  string
		write func(t *testing.T)
		seen  func(r *Registry) bool
	}{
		{"put gateway", func(t *testing.T) {
			if _, err := a.PutGateway(ctx, httpGateway(k, 8080)); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetGateway(k); return err == nil && len(r.Keys()) == 1 }},
		{"create route", func(t *testing.T) {
			rt, err := a.CreateRoute(ctx, k, route("r1", "orders"))
			if err != nil {
				t.Fatal(err)
			}
			routeID = rt.ID
		}, func(r *Registry) bool {
			_, rts := r.View(k)
			_, err := r.GetRouteByName(k, "r1")
			return err == nil && len(rts) == 1
		}},
		{"update route", func(t *testing.T) {
			if _, err := a.UpdateRoute(ctx, k, routeID, route("r2", "orders")); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { rt, err := r.GetRoute(k, routeID); return err == nil && rt.Name == "r2" }},
		{"delete gateway", func(t *testing.T) {
			if err := a.DeleteGateway(ctx, k); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetGateway(k); return err != nil && len(r.Keys()) == 0 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := b.Listen()
			defer l.Close()
			tc.write(t)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			select {
			case <-l.Wake():
			case <-time.After(twonodes.Settle):
				t.Fatal("B's feed never heard of A's write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
}

// A route created on B while A deletes the gateway does not outlive it.
func TestTwoNodesNoRouteOutlivesItsGateway(t *testing.T) {
	st := twonodes.Store(t)
	a, b := newRegistry(t, st), newRegistry(t, st)
	k := Key{Project: "default", ID: "gw1"}
	for range 30 {
		if _, err := a.PutGateway(context.Background(), httpGateway(k, 8080)); err != nil {
			t.Fatal(err)
		}
		twonodes.Eventually(t, "B sees the gateway", func() bool { _, err := b.GetGateway(k); return err == nil })
		done := make(chan struct{})
		go func() { defer close(done); _ = a.DeleteGateway(context.Background(), k) }()
		_, _ = b.CreateRoute(context.Background(), k, route("r", "orders"))
		<-done
		if kvs, _, err := st.List(context.Background(), routesPrefixOf(k)); err != nil || len(kvs) > 0 {
			t.Fatalf("%d routes outlive their gateway (%v)", len(kvs), err)
		}
	}
}
