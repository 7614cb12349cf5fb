package naming

import (
	"fmt"
	"testing"
	"time"
)

// With the server's 500 ms slots, a fleet beating in time is looked at
// about once per beat timeout, not on every sweep; once it stops beating
// it still goes unhealthy and is removed on time.
func TestSweepLooksOnlyAtWhatIsDue(t *testing.T) {
	const fleet, tick = 100, 500 * time.Millisecond
	clock := newFakeClock()
	r := newTestRegistry(t, openMemStore(t), clock)
	r.health.due = newDueSchedule(int64(tick)) // the server's slots; the sweeps are driven here
	var refs []InstanceRef
	for i := range fleet {
		in := inst(fmt.Sprintf("due-%d", i%5), benchIP(int64(i+1)), 7000, true)
		mustRegister(t, r, in)
		refs = append(refs, in.Ref())
	}
	sweep := func(d time.Duration, beating bool) {
		for step := time.Duration(0); step < d; step += tick {
			clock.Advance(tick)
			if beating && clock.Now().UnixMilli()%5000 == 0 { // every 5 s
				for _, ref := range refs {
					if _, err := r.Beat(ctx, ref, nil); err != nil {
						t.Fatal(err)
					}
				}
			}
			r.checkOnce(ctx)
		}
	}
	sweep(5*time.Second, true) // the first, full, sweep files everyone
	before := r.health.due.filed
	sweep(15*time.Second, true) // 30 sweeps
	if looks := r.health.due.filed - before; looks > 2*fleet {
		t.Errorf("%d looks filed over 30 sweeps of %d beating instances, want about one each", looks, fleet)
	}
	if n := healthyCount(r); n != fleet {
		t.Fatalf("%d of %d healthy while beating", n, fleet)
	}
	sweep(DefaultBeatTimeout+tick, false)
	if n := healthyCount(r); n != 0 {
		t.Fatalf("%d healthy %v after the last beat, want 0", n, DefaultBeatTimeout)
	}
	sweep(DefaultDeleteTimeout-DefaultBeatTimeout, false)
	if _, n := r.idx.counts(); n != 0 {
		t.Fatalf("%d instances left %v after the last beat, want 0", n, DefaultDeleteTimeout)
	}
	if n := len(r.health.beats); n != 0 {
		t.Errorf("%d beat records kept for removed instances", n)
	}
}

func healthyCount(r *Registry) int {
	n := 0
	r.idx.each(func(_ string, in *Instance) {
		if in.Healthy {
			n++
		}
	})
	return n
}
