package store_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

func TestWatermark(t *testing.T) {
	var w store.Watermark
	done := make(chan error, 1)
	go func() { done <- w.Wait(context.Background(), 5) }()
	w.Advance(3)
	select {
	case <-done:
		t.Fatal("woke before revision 5")
	case <-time.After(20 * time.Millisecond):
	}
	w.Advance(6)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	w.Advance(2) // going back is ignored
	if w.Load() != 6 {
		t.Fatalf("applied %d", w.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Wait(ctx, 100); err == nil {
		t.Fatal("a cancelled wait returned nil")
	}
}

// BenchmarkWatermarkWaiters: writers parked waiting for their revisions
// while the mirror applies one revision at a time, as thousands of
// registrations are when a fleet reconnects at once. Each op is one
// revision applied and its writer woken.
func BenchmarkWatermarkWaiters(b *testing.B) {
	for _, waiters := range []int{10, 1000} {
		b.Run(fmt.Sprintf("%d waiting", waiters), func(b *testing.B) {
			var w store.Watermark
			base := int64(0)
			for done := 0; done < b.N; done += waiters {
				b.StopTimer()
				var parked atomic.Int64
				var wg sync.WaitGroup
				for i := range waiters {
					wg.Add(1)
					go func() {
						defer wg.Done()
						parked.Add(1)
						if err := w.Wait(context.Background(), base+int64(i)+1); err != nil {
							b.Error(err)
						}
					}()
				}
				for parked.Load() < int64(waiters) {
					runtime.Gosched()
				}
				time.Sleep(time.Millisecond) // let them park
				b.StartTimer()
				for i := range waiters {
					w.Advance(base + int64(i) + 1)
					runtime.Gosched() // the mirror applies one transaction, then another
				}
				wg.Wait()
				base += int64(waiters)
			}
		})
	}
}

// Each writer wakes when its own revision is applied, not before; one
// that gives up leaves nothing behind.
func TestWatermarkWakesByRevision(t *testing.T) {
	var w store.Watermark
	woke := make([]chan struct{}, 6)
	for rev := 1; rev <= 5; rev++ {
		woke[rev] = make(chan struct{})
		go func() {
			if err := w.Wait(context.Background(), int64(rev)); err == nil {
				close(woke[rev])
			}
		}()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := w.Wait(ctx, 4); err == nil {
		t.Fatal("a wait that timed out returned nil")
	}
	time.Sleep(10 * time.Millisecond)
	w.Advance(3)
	for rev := 1; rev <= 5; rev++ {
		select {
		case <-woke[rev]:
			if rev > 3 {
				t.Fatalf("revision %d woke at 3", rev)
			}
		case <-time.After(time.Second):
			if rev <= 3 {
				t.Fatalf("revision %d not woken at 3", rev)
			}
		}
	}
	w.Advance(5)
	for rev := 4; rev <= 5; rev++ {
		select {
		case <-woke[rev]:
		case <-time.After(time.Second):
			t.Fatalf("revision %d not woken at 5", rev)
		}
	}
}
