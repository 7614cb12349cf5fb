package xds

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// largeService is the size of the service BenchmarkLargeServiceChange
// changes one instance of (issue 16).
const largeService = 5000

// seedLargeService registers largeService instances of orders: hosts of
// four ports each, so that the service has per-port clusters as well as
// its pool. 10.0.0.0:8080 sorts first, the instance setWeight changes.
func (e *env) seedLargeService(b *testing.B) {
	for i := 0; i < largeService; i++ {
		host := i / 4
		e.register(b, fmt.Sprintf("10.%d.%d.%d", host>>16, (host>>8)&0xff, host&0xff), 8080+i%4, true)
	}
}

// BenchmarkLargeServiceChange: one instance change in a 5,000-instance
// service until all 100 clients, each on its own gRPC connection, hold it.
// Each op is a lone change (a quiet spell apart). cpu-ms/op is the whole
// process's CPU, the clients' decoding of every push included; the
// profile (-cpuprofile) tells the server's part.
func BenchmarkLargeServiceChange(b *testing.B) {
	e := newEnv(b)
	e.seedLargeService(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients := connectOwnClients(ctx, b, e.addr, 100)
	waitSeen(b, clients, 100)
	time.Sleep(200 * time.Millisecond) // the seed's last pushes
	lat := make([]time.Duration, 0, b.N)
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		time.Sleep(15 * time.Millisecond)
		c0 := processCPU()
		start := time.Now()
		waitSeen(b, clients, e.setWeight(b, i%50+2))
		lat = append(lat, time.Since(start))
		cpu += processCPU() - c0
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// connectOwnClients opens n ADS streams, each on its own gRPC connection,
// as n sidecars would.
func connectOwnClients(ctx context.Context, b *testing.B, addr string, n int) []*benchClient {
	clients := make([]*benchClient, n)
	var wg sync.WaitGroup
	for i := range clients {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = conn.Close() })
		clients[i] = &benchClient{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			clients[i].run(ctx, b, conn, fmt.Sprintf("sidecar-%d", i))
		}(i)
	}
	b.Cleanup(wg.Wait)
	return clients
}

// processCPU answers the process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLargeServiceMemory: the live heap that 100 sidecars holding a
// 5,000-instance service add, per instance: the scope's translation, the
// caches' encoded assignments and every stream's state. It is an upper
// bound of the server's share: the clients' own streams live in the same
// process. Run it with -memprofile to see who holds what.
func BenchmarkLargeServiceMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		e := newEnv(b)
		e.seedLargeService(b)
		time.Sleep(100 * time.Millisecond)
		before := liveHeap()
		ctx, cancel := context.WithCancel(context.Background())
		clients := connectOwnClients(ctx, b, e.addr, 100)
		waitSeen(b, clients, 100)
		time.Sleep(200 * time.Millisecond)
		after := liveHeap()
		writeHeapProfile(b)
		b.ReportMetric(float64(after-before)/largeService, "B/instance")
		cancel()
	}
}

// liveHeap answers the heap in use after a collection.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// writeHeapProfile writes the heap profile of this moment to the file
// $XDS_HEAP_PROFILE names, if any: -memprofile is taken at the end, when
// the clients are gone.
func writeHeapProfile(b *testing.B) {
	path := os.Getenv("XDS_HEAP_PROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}
