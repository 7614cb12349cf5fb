package naming

import (
	"fmt"
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
		if rng.IntN(3) == 0 {
			continue // no read: the next change finds nothing cached
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
		r.idx.mu.RLock()
		n := len(r.idx.services[k].instances)
		r.idx.mu.RUnlock()
		if n != len(v.Instances) {
			t.Fatalf("step %d: %d listed, %d held", step, len(v.Instances), n)
		}
	}
}

func addrs(list []*Instance) []string {
	out := make([]string, len(list))
	for i, in := range list {
		out[i] = in.Cluster + "/" + in.Address()
	}
	return out
}
