package naming

import (
	"context"
	"testing"
)

func TestContainsPattern(t *testing.T) {
	for _, tc := range []struct {
		s, pattern string
		want       bool
	}{
		{"my-orders", "", true}, {"my-orders", "order", true}, {"my-orders", "order*", true},
		{"my-orders", "*orders", true}, {"my-orders", "my*ers", true}, {"my-orders", "ers*my", false},
		{"my-orders", "pay", false}, {"a", "**", true},
	} {
		if got := containsPattern(tc.s, tc.pattern); got != tc.want {
			t.Errorf("containsPattern(%q, %q) = %v", tc.s, tc.pattern, got)
		}
	}
}

func TestSearchServicesAndUpdateCluster(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	ctx := context.Background()
	for _, k := range []ServiceKey{{"public", "shop", "orders"}, {"public", "pay", "ledger"}, {"other", "shop", "orders"}} {
		if err := r.CreateService(ctx, Service{Key: k, Selector: Selector{Type: "none"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.SearchServices("public", "", ""); len(got) != 2 {
		t.Errorf("all of public: %v", got)
	}
	if got := r.SearchServices("public", "sh", "ord"); len(got) != 1 || got[0].Name != "orders" {
		t.Errorf("shop orders: %v", got)
	}
	k := ServiceKey{"public", "shop", "orders"}
	c := Cluster{Name: "C1", CheckPort: 81, UseInstancePort: true, Metadata: map[string]string{"a": "b"}}
	if err := r.UpdateCluster(ctx, k, c); err != nil {
		t.Fatal(err)
	}
	v, err := r.GetService(k)
	if err != nil {
		t.Fatal(err)
	}
	got := v.Service.Clusters["C1"]
	if got == nil || got.CheckPort != 81 || got.HealthChecker.Type != "NONE" || got.Metadata["a"] != "b" {
		t.Errorf("cluster %+v", got)
	}
	if err := r.UpdateCluster(ctx, ServiceKey{"public", "shop", "none"}, c); err == nil {
		t.Error("a missing service's cluster was updated")
	}
	if err := r.UpdateCluster(ctx, k, Cluster{Name: "a b"}); err == nil {
		t.Error("a bad cluster name was taken")
	}
}
