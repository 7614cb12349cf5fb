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
	b.Run(fmt.Sprintf("idle-%d", sweepFleet), func(b *testing.B) {
		clock := newFakeClock()
		r := newTestRegistry(b, openMemStore(b), clock)
		registerFleet(b, r, sweepFleet)
		b.ReportAllocs()
		for b.Loop() {
			r.checkOnce(ctx)
		}
	})
}
