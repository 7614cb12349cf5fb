package servicecomb

import (
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoNodes builds two nodes' naming and ServiceComb registries over one
// store, as two processes on one etcd.
func twoNodes(t *testing.T) (a, b *Registry) {
	t.Helper()
	st := twonodes.Store(t)
	for _, n := range []**Registry{&a, &b} {
		nr, err := naming.New(ctx, st, naming.Options{Logger: twonodes.Quiet(), CheckInterval: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nr.Close)
		r, err := New(ctx, st, nr, Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(r.Close)
		*n = r
	}
	return a, b
}

// Every read of node B, finds (and their cache) included, shows what A
// wrote; A reads its own writes at once.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	a, b := twoNodes(t)
	var svc, inst string
	findOrders := func(r *Registry) int {
		res, err := r.Find(ctx, FindQuery{Project: "default", AppID: "default", ServiceName: "orders", Version: rule(t, "latest")})
		if err != nil {
			return -1
		}
		return len(res.Instances)
	}
	cases := []struct {
		name  string
		write func(t *testing.T)
		seen  func(r *Registry) bool
	}{
		{"create service", func(t *testing.T) { svc = create(t, a, "orders", "1.0.0") },
			func(r *Registry) bool {
				_, err := r.GetService("default", svc)
				return err == nil && len(r.ListServices("default")) == 1
			}},
		{"register instance", func(t *testing.T) { inst = register(t, a, svc, "rest://10.0.0.1:80") },
			func(r *Registry) bool {
				_, err := r.GetInstance("default", svc, inst)
				return err == nil && findOrders(r) == 1
			}},
		{"properties", func(t *testing.T) {
			if err := a.UpdateProperties(ctx, "default", svc, map[string]string{"p": "1"}); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool {
			s, err := r.GetService("default", svc)
			return err == nil && s.Properties["p"] == "1"
		}},
		{"tags", func(t *testing.T) {
			if err := a.PutTags(ctx, "default", svc, map[string]string{"t": "v1"}); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool {
			tags, err := r.ListTags("default", svc)
			return err == nil && tags["t"] == "v1"
		}},
		{"schemas", func(t *testing.T) {
			if err := a.PutSchemas(ctx, "default", svc, []Schema{{SchemaID: "s1", Schema: "x"}}); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetSchema("default", svc, "s1"); return err == nil }},
		{"deregister", func(t *testing.T) {
			if err := a.Deregister(ctx, "default", svc, inst); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { return findOrders(r) == 0 }},
		{"delete service", func(t *testing.T) {
			if err := a.DeleteService(ctx, "default", svc, true); err != nil {
				t.Fatal(err)
			}
		}, func(r *Registry) bool { _, err := r.GetService("default", svc); return err != nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findOrders(b) // B's find cache holds the answer before the write
			tc.write(t)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
}

// One microservice identity created on both nodes at once is one service:
// both answer the same id (ids derive from the identity).
func TestTwoNodesConcurrentCreateIsOneService(t *testing.T) {
	a, b := twoNodes(t)
	ids := make(chan string, 2)
	for _, r := range []*Registry{a, b} {
		go func() {
			id, err := r.CreateService(ctx, "default", CreateInput{Service: Microservice{ServiceName: "pay", Version: "1.0.0"}})
			if err != nil {
				t.Error(err)
			}
			ids <- id
		}()
	}
	if x, y := <-ids, <-ids; x != y || x == "" {
		t.Fatalf("ids %q and %q for one identity", x, y)
	}
	twonodes.Eventually(t, "both list one service", func() bool {
		return len(a.ListServices("default")) == 1 && len(b.ListServices("default")) == 1
	})
}
