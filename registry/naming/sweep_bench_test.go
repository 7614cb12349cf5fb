package naming

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// sweepFleet is the size of the fleet the sweep benchmarks expire.
const sweepFleet = 10_000

// registerFleet registers n ephemeral instances over 100 services from 32
// callers, as a fleet of clients would.
func registerFleet(tb testing.TB, r *Registry, n int) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 32 {
				in := inst(fmt.Sprintf("fleet-%d", i%100), benchIP(int64(i+1)), 7000, true)
				if err := r.Register(ctx, in); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSweep: one health sweep over a fleet of 10,000 ephemeral
// instances whose clients all stopped beating at once (removed: past the
// delete timeout; unhealthy: past the beat timeout only), and one over the
// same fleet beating in time (idle: the cost every sweep pays).
func BenchmarkSweep(b *testing.B) {
	for _, c := range []struct {
		name    string
		silence time.Duration
		left    int
	}{
		{"removed", DefaultDeleteTimeout + time.Second, 0},
		{"unhealthy", DefaultBeatTimeout + time.Second, sweepFleet},
	} {
		b.Run(fmt.Sprintf("%s-%d", c.name, sweepFleet), func(b *testing.B) {
			clock := newFakeClock()
			r := newTestRegistry(b, openMemStore(b), clock)
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				registerFleet(b, r, sweepFleet)
				clock.Advance(c.silence)
				b.StartTimer()
				r.checkOnce(ctx)
				b.StopTimer()
				if _, n := r.idx.counts(); n != c.left {
					b.Fatalf("%d instances left, want %d", n, c.left)
				}
				b.StartTimer()
			}
		})
	}
	b.Run(fmt.Sprintf("idle-%d", sweepFleet), benchIdleSweep)
}

// benchIdleSweep: the sweeps of a fleet beating in time, every 500 ms as
// the server runs them, each instance beating every 5 s (a tenth of the
// fleet between two sweeps): the cost every sweep pays, per sweep.
func benchIdleSweep(b *testing.B) {
	clock := newFakeClock()
	st := openMemStore(b)
	r, err := New(ctx, st, Options{Logger: quietLogger(), CheckInterval: time.Hour, Now: clock.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	r.health.due = newDueSchedule(int64(500 * time.Millisecond)) // the server's slots; the loop is driven here
	registerFleet(b, r, sweepFleet)
	refs := make([]InstanceRef, 0, sweepFleet)
	r.idx.each(func(_ string, in *Instance) { refs = append(refs, in.Ref()) })
	b.ReportAllocs()
	next := 0
	for b.Loop() {
		b.StopTimer()
		clock.Advance(500 * time.Millisecond)
		for range sweepFleet / 10 {
			if _, err := r.Beat(ctx, refs[next%len(refs)], nil); err != nil {
				b.Fatal(err)
			}
			next++
		}
		b.StartTimer()
		r.checkOnce(ctx)
	}
	if _, n := r.idx.counts(); n != sweepFleet {
		b.Fatalf("%d instances left, want %d", n, sweepFleet)
	}
}
