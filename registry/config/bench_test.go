package config

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func BenchmarkPublish(b *testing.B) {
	s, _ := newTestService(b)
	ctx := context.Background()
	var n int64
	var mu sync.Mutex
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			i := n
			mu.Unlock()
			in := PublishInput{Group: "G", DataID: fmt.Sprintf("d%d", i%1000), Content: fmt.Sprintf("v%d", i)}
			if _, err := s.Publish(ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkGet(b *testing.B) {
	s, _ := newTestService(b)
	for i := range 1000 {
		publish(b, s, "", "G", fmt.Sprintf("d%d", i), "v")
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := s.Get("", "G", fmt.Sprintf("d%d", i%1000)); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkHeldWaits reports the memory of 10,000 held long polls and the
// time from a publish to the wake-up of its waiters.
func BenchmarkHeldWaits(b *testing.B) {
	s, _ := newTestService(b)
	const n = 10000
	for iter := range b.N {
		group := fmt.Sprintf("G%d", iter) // fresh keys: earlier rounds' configs exist
		ctx, cancel := context.WithCancel(context.Background())
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		woke := make(chan time.Time, n)
		for i := range n {
			go func() {
				s.Wait(ctx, []Listen{{Key: NewKey("", group, fmt.Sprintf("d%d", i%100))}}, time.Minute)
				woke <- time.Now()
			}()
		}
		deadline := time.Now().Add(30 * time.Second)
		for waitersOf(s) < n {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d waits held", waitersOf(s), n)
			}
			time.Sleep(time.Millisecond)
		}
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "heapB/wait")
		start := time.Now()
		publish(b, s, "", group, "d7", "changed")
		var worst time.Duration
		for range n / 100 {
			worst = max(worst, (<-woke).Sub(start))
		}
		b.ReportMetric(float64(worst.Microseconds()), "wake-max-µs")
		cancel()
		for range n - n/100 {
			<-woke
		}
	}
}

func waitersOf(s *Service) int {
	s.waiters.mu.Lock()
	defer s.waiters.mu.Unlock()
	total := 0
	for _, set := range s.waiters.byKey {
		total += len(set)
	}
	return total
}

// BenchmarkPublishTenMiB publishes 10 MiB contents (Nacos's maxContent),
// each new: chunks, the config transaction and the view's read-back.
func BenchmarkPublishTenMiB(b *testing.B) {
	s, _ := newTestService(b)
	base := strings.Repeat("abcdefgh", (10<<20)/8-1)
	b.SetBytes(10 << 20)
	b.ResetTimer()
	for i := range b.N {
		content := base + fmt.Sprintf("%08d", i%100000000)
		if _, err := s.Publish(context.Background(), PublishInput{Group: "G", DataID: "big", Content: content}); err != nil {
			b.Fatal(err)
		}
	}
}
