package index

import (
	"context"
	"fmt"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

// BenchmarkRegisterIntoLargeServices: one registration into one of 10
// services that already hold n instances each, through the whole write
// path up to the xDS index (a Badger store on disk, the naming index and
// its list order, the index following the feed), from 16 callers. Issue
// 16 asks that n = 1,000 cost no more than n = 0.
func BenchmarkRegisterIntoLargeServices(b *testing.B) {
	for _, n := range []int{0, 1000, 5000} {
		b.Run(fmt.Sprintf("instances=%d", n), func(b *testing.B) { benchRegisterInto(b, n) })
	}
}

func benchRegisterInto(b *testing.B, n int) {
	const services, callers = 10, 16
	_, reg := openRegistry(b, b.TempDir())
	register := func(i int) error {
		in := naming.Instance{Service: naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP",
			Name: fmt.Sprintf("svc-%d", i%services)}, IP: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255),
			Port: 8080, Cluster: "DEFAULT", Weight: 1, Enabled: true, Healthy: true}
		return reg.Register(context.Background(), in)
	}
	parallel(b, services*n, callers, register)
	x := New(reg, quietLog)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan Change)
	go x.Run(ctx, changes)
	go func() {
		for range changes { // the xDS server's place: take each snapshot
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	before := cpuTime()
	parallel(b, b.N, callers, func(i int) error { return register(services*n + i) })
	// The process's CPU time: wall time here is mostly waiting for fsync
	// and moves with whatever else the machine runs.
	b.ReportMetric(float64((cpuTime()-before).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// parallel calls f(0..count-1) from callers goroutines.
func parallel(b *testing.B, count, callers int, f func(i int) error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= count {
					return
				}
				if err := f(i); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
