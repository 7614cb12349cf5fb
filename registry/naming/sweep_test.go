package naming

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// countingHandler counts the records logged at each level from min up.
type countingHandler struct {
	min    slog.Level
	mu     sync.Mutex
	counts map[slog.Level]int
	msgs   map[string]int
}

func newCountingHandler(min slog.Level) *countingHandler {
	return &countingHandler{min: min, counts: map[slog.Level]int{}, msgs: map[string]int{}}
}

func (h *countingHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.counts[r.Level]++
	h.msgs[r.Message]++
	h.mu.Unlock()
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

func (h *countingHandler) take() (map[slog.Level]int, map[string]int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, m := h.counts, h.msgs
	h.counts, h.msgs = map[slog.Level]int{}, map[string]int{}
	return c, m
}

func newLoggedRegistry(t *testing.T, st store.Store, clock *fakeClock, h slog.Handler) *Registry {
	t.Helper()
	r, err := New(ctx, st, Options{Logger: slog.New(h), CheckInterval: time.Hour, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkIndexMatchesStore(t, r, st)
		r.Close()
	})
	return r
}

// watchBatches counts the watch batches (one per store transaction) and
// their events under Prefix from rev on, until the store's revision is seen.
func watchBatches(t *testing.T, st store.Store, from int64) (batches, events, largest int) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	w, err := st.Watch(c, Prefix, from)
	if err != nil {
		t.Fatal(err)
	}
	until := st.Revision()
	for until >= from {
		evs, ok := <-w.Events()
		if !ok {
			t.Fatalf("watch ended: %v", w.Err())
		}
		batches++
		events += len(evs)
		largest = max(largest, len(evs))
		if evs[len(evs)-1].KV.ModRevision >= until {
			break
		}
	}
	return batches, events, largest
}

// TestSweepOfAFleet: a fleet of 3,000 instances in two namespaces stops
// beating; the sweeps that mark it unhealthy and then remove it write a few
// bounded transactions each and log one line each at INFO, the instances
// only at DEBUG.
func TestSweepOfAFleet(t *testing.T) {
	const fleet = 3000
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		t.Run(level.String(), func(t *testing.T) {
			clock := newFakeClock()
			st := openMemStore(t)
			logs := newCountingHandler(level)
			r := newLoggedRegistry(t, st, clock, logs)
			for i := range fleet {
				in := inst(fmt.Sprintf("fleet-%d", i%50), benchIP(int64(i+1)), 7000, true)
				if i%3 == 0 {
					in.Service.Namespace = "other"
				}
				mustRegister(t, r, in)
			}
			logs.take()
			for _, step := range []struct {
				advance         time.Duration
				msg             string
				healthy, remain int
			}{
				{DefaultBeatTimeout + time.Second, "instance missed its beats", 0, fleet},
				{DefaultDeleteTimeout - DefaultBeatTimeout, "removing instance without beats", 0, 0},
			} {
				clock.Advance(step.advance)
				from := st.Revision() + 1
				r.checkOnce(ctx)
				batches, events, largest := watchBatches(t, st, from)
				if most := r.sweepBatchLen(); events != fleet || batches > fleet/most+3 || largest > most {
					t.Errorf("%s: %d events in %d transactions (largest %d); want %d in a few of at most %d",
						step.msg, events, batches, largest, fleet, most)
				}
				counts, msgs := logs.take()
				if counts[slog.LevelInfo] != 1 || msgs["instances without beats"] != 1 || counts[slog.LevelWarn] != 0 {
					t.Errorf("%s: logged %v %v, want one summary at INFO", step.msg, counts, msgs)
				}
				wantDebug := 0
				if level == slog.LevelDebug {
					wantDebug = fleet
				}
				if msgs[step.msg] != wantDebug {
					t.Errorf("%s: %d per-instance lines at %v, want %d", step.msg, msgs[step.msg], level, wantDebug)
				}
				healthy, remain := 0, 0
				r.idx.each(func(_ string, in *Instance) {
					remain++
					if in.Healthy {
						healthy++
					}
				})
				if healthy != step.healthy || remain != step.remain {
					t.Errorf("%s: %d instances left, %d healthy; want %d, %d", step.msg, remain, healthy, step.remain, step.healthy)
				}
			}
			if n := len(r.health.beats); n != 0 {
				t.Errorf("%d beat records kept for removed instances", n)
			}
		})
	}
}

// TestSweepLeavesWhatChangedMeanwhile: instances judged dead that beat, were
// changed, re-registered or removed between the sweep's read and its write
// are left alone (or stay removed); the rest of their batch is written.
func TestSweepLeavesWhatChangedMeanwhile(t *testing.T) {
	clock := newFakeClock()
	st := openMemStore(t)
	logs := newCountingHandler(slog.LevelInfo)
	r := newLoggedRegistry(t, st, clock, logs)
	const fleet = 100
	refs := make([]InstanceRef, fleet)
	for i := range refs {
		in := inst("racing", benchIP(int64(i+1)), 7000, true)
		mustRegister(t, r, in)
		refs[i] = in.Ref()
	}
	clock.Advance(DefaultDeleteTimeout + time.Second)
	h := r.health
	h.sweep.Lock()
	todo := r.judge(h.sweeps.Add(1))
	if len(todo) != fleet {
		t.Fatalf("%d verdicts, want %d", len(todo), fleet)
	}
	// Between the read and the write: a beat, a re-registration, a change
	// that no beat records, and a deregistration.
	beat, reregistered, changed, gone := refs[1], refs[2], refs[3], refs[4]
	if _, err := r.Beat(ctx, beat, nil); err != nil {
		t.Fatal(err)
	}
	mustRegister(t, r, inst("racing", reregistered.IP, reregistered.Port, true))
	if err := r.UpdateInstance(ctx, changed, func(i *Instance) error { i.Weight = 2; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := r.Deregister(ctx, gone); err != nil {
		t.Fatal(err)
	}
	var sum sweepSummary
	r.writeVerdicts(ctx, todo, &sum)
	h.sweep.Unlock()
	for i, ref := range refs {
		_, err := r.GetInstance(ref)
		want := ref == beat || ref == reregistered || ref == changed
		if (err == nil) != want {
			t.Errorf("instance %d: present %v, want %v", i, err == nil, want)
		}
	}
	if sum.removed != fleet-4 || sum.raced != 4 {
		t.Errorf("removed %d, raced %d; want %d, 4", sum.removed, sum.raced, fleet-4)
	}
	// The changed instance was not beating: the next sweep removes it.
	r.checkOnce(ctx)
	if _, err := r.GetInstance(changed); err == nil {
		t.Error("a silent instance survived the next sweep")
	}
}

// TestSweepRacingRegistrations: re-registrations running alongside sweeps
// of an expired fleet are never lost, whichever comes first.
func TestSweepRacingRegistrations(t *testing.T) {
	clock := newFakeClock()
	st := openMemStore(t)
	r := newTestRegistry(t, st, clock)
	const fleet, back = 2000, 200
	registerFleet(t, r, fleet)
	clock.Advance(DefaultDeleteTimeout + time.Second)
	var wg sync.WaitGroup
	var done atomic.Bool
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			r.checkOnce(ctx)
		}
	}()
	for i := 0; i < fleet; i += fleet / back {
		mustRegister(t, r, inst(fmt.Sprintf("fleet-%d", i%100), benchIP(int64(i+1)), 7000, true))
	}
	done.Store(true)
	wg.Wait()
	r.checkOnce(ctx)
	if _, n := r.idx.counts(); n != back {
		t.Errorf("%d instances left, want the %d registered again", n, back)
	}
}

// TestSweepHonoursChangedTimeouts: the sweep caches each instance's
// preserved.* timeouts; a change of its metadata takes effect at once.
func TestSweepHonoursChangedTimeouts(t *testing.T) {
	clock := newFakeClock()
	r := newTestRegistry(t, openMemStore(t), clock)
	in := inst("timeouts", "10.0.0.1", 80, true)
	mustRegister(t, r, in)
	r.checkOnce(ctx) // caches the default timeouts
	err := r.UpdateInstance(ctx, in.Ref(), func(i *Instance) error {
		i.Metadata[MetaBeatInterval], i.Metadata[MetaBeatTimeout], i.Metadata[MetaDeleteTimeout] = "500", "1000", "2000"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(1500 * time.Millisecond)
	r.checkOnce(ctx)
	if got, err := r.GetInstance(in.Ref()); err != nil || got.Healthy {
		t.Fatalf("after 1.5 s with a 1 s beat timeout: %+v %v, want unhealthy", got, err)
	}
	clock.Advance(time.Second)
	r.checkOnce(ctx)
	if _, err := r.GetInstance(in.Ref()); err == nil {
		t.Fatal("not removed after 2.5 s with a 2 s delete timeout")
	}
}

// TestSweepAfterRestart: instances found in the store get a fresh beat
// deadline from the first sweep, however late the clock; records of
// instances gone are forgotten.
func TestSweepAfterRestart(t *testing.T) {
	clock := newFakeClock()
	st := openMemStore(t)
	r, err := New(ctx, st, Options{Logger: quietLogger(), CheckInterval: time.Hour, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	a, b := inst("restart", "10.0.0.1", 80, true), inst("restart", "10.0.0.2", 80, true)
	mustRegister(t, r, a)
	mustRegister(t, r, b)
	r.Close()
	clock.Advance(time.Hour)
	r2 := newTestRegistry(t, st, clock)
	r2.checkOnce(ctx)
	if _, n := r2.idx.counts(); n != 2 {
		t.Fatalf("%d instances after the first sweep of a restarted registry, want 2", n)
	}
	if err := r2.Deregister(ctx, b.Ref()); err != nil {
		t.Fatal(err)
	}
	r2.checkOnce(ctx)
	if n := len(r2.health.beats); n != 1 {
		t.Errorf("%d beat records, want 1", n)
	}
	clock.Advance(DefaultDeleteTimeout + time.Second)
	r2.checkOnce(ctx)
	if _, n := r2.idx.counts(); n != 0 {
		t.Errorf("%d instances left, want 0", n)
	}
}

// TestSweepOfNewInstances: sweeps running while new instances register
// find nothing due, not even for an instant (a beat record seen before its
// first beat was stored would look silent since 1970).
func TestSweepOfNewInstances(t *testing.T) {
	clock := newFakeClock()
	logs := newCountingHandler(slog.LevelInfo)
	r := newLoggedRegistry(t, openMemStore(t), clock, logs)
	var wg sync.WaitGroup
	var done atomic.Bool
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			r.checkOnce(ctx)
		}
	}()
	registerFleet(t, r, 3000)
	done.Store(true)
	wg.Wait()
	if counts, msgs := logs.take(); len(counts) != 0 {
		t.Errorf("sweeps of new instances logged %v", msgs)
	}
}
