package naming

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// The list order a read caches is kept across changes without sorting
// again (entry.resort): after any mix of registrations, updates and
// removals, with reads in between or not, a service lists exactly what a
// fresh sort of its instances gives.
func TestListOrderKeptAcrossChanges(t *testing.T) {
	r := newTestRegistry(t, openMemStore(t), newFakeClock())
	k := svcKey("ordered")
	rng := rand.New(rand.NewPCG(1, 2))
	clusters := []string{"DEFAULT", "a", "b"}
	for step := range 600 {
		in := inst("ordered", fmt.Sprintf("10.0.%d.%d", rng.IntN(3), rng.IntN(20)), 8080+rng.IntN(3), true)
		in.Cluster = clusters[rng.IntN(len(clusters))]
		if rng.IntN(4) == 0 {
			if err := r.Deregister(ctx, in.Ref()); err != nil {
				t.Fatal(err)
			}
		} else {
			in.Weight = float64(1 + rng.IntN(5)) // an update when the address is taken
			mustRegister(t, r, in)
		}
		if rng.IntN(3) == 0 || step%100 < 30 {
			continue // no read: changes pile up until the next one
		}
		v, err := r.GetService(k)
		if err != nil {
			continue // every instance removed
		}
		want := slices.Clone(v.Instances)
		sortInstances(want)
		if !slices.Equal(v.Instances, want) {
			t.Fatalf("step %d: listed out of order: %v", step, addrs(v.Instances))
		}
		checkListIsHeld(t, r, k, v)
	}
}

// checkListIsHeld fails unless a read of service k lists exactly the
// instances the index holds, and names exactly the clusters they are in.
func checkListIsHeld(t *testing.T, r *Registry, k ServiceKey, v *ServiceView) {
	t.Helper()
	r.idx.mu.RLock()
	held := maps.Clone(r.idx.services[k].instances)
	r.idx.mu.RUnlock()
	clusters := map[string]bool{}
	for _, in := range v.Instances {
		if held[instanceStoreKey(in.Ref())] != in {
			t.Fatalf("listed %s/%s, not held", in.Cluster, in.Address())
		}
		clusters[in.Cluster] = true
	}
	if len(held) != len(v.Instances) {
		t.Fatalf("%d listed, %d held", len(v.Instances), len(held))
	}
	for _, c := range v.Clusters {
		if !clusters[c.Name] {
			t.Fatalf("cluster %s listed without instances", c.Name)
		}
		delete(clusters, c.Name)
	}
	if len(clusters) > 0 {
		t.Fatalf("clusters with instances not listed: %v", clusters)
	}
}

func addrs(list []*Instance) []string {
	out := make([]string, len(list))
	for i, in := range list {
		out[i] = in.Cluster + "/" + in.Address()
	}
	return out
}
