package badger

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

// Benchmarks run on disk: Sync is only meaningful there.

func openB(b *testing.B) *Engine {
	b.Helper()
	e, err := Open(Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	return e
}

var value = make([]byte, 256)

// benchCommit puts distinct keys from 16 goroutines per CPU, as many clients
// of a registry would.
func benchCommit(b *testing.B, d store.Durability, parallelism int) {
	e := openB(b)
	var n atomic.Int64
	b.SetParallelism(parallelism)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("svc/%d", n.Add(1))
			if _, err := e.Commit(ctx, store.Txn{Durability: d, Then: []store.Op{store.Put(key, value)}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkCommitRelaxed(b *testing.B) { benchCommit(b, store.Relaxed, 8) }
func BenchmarkCommitSync(b *testing.B)    { benchCommit(b, store.Sync, 8) }

// BenchmarkCommitSyncSerial is one writer at a time: the fsync latency with
// nothing to share it with.
func BenchmarkCommitSyncSerial(b *testing.B) {
	e := openB(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Commit(ctx, store.Txn{Then: []store.Op{store.Put(fmt.Sprint("k", i), value)}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// fill writes prefixes×perPrefix keys named p<i>/k<j>.
func fill(b *testing.B, e *Engine, prefixes, perPrefix int) {
	b.Helper()
	for i := range prefixes {
		ops := make([]store.Op, 0, perPrefix)
		for j := range perPrefix {
			ops = append(ops, store.Put(fmt.Sprintf("p%d/k%03d", i, j), value))
		}
		if _, err := e.Commit(context.Background(), store.Txn{Durability: store.Relaxed, Then: ops}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	e := openB(b)
	fill(b, e, 100, 100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("p%d/k%03d", rand.IntN(100), rand.IntN(100))
			if _, err := e.Get(ctx, key); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkList100 lists a prefix of 100 keys among 10000.
func BenchmarkList100(b *testing.B) {
	e := openB(b)
	fill(b, e, 100, 100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			kvs, _, err := e.List(ctx, fmt.Sprintf("p%d/", rand.IntN(100)))
			if err != nil || len(kvs) != 100 {
				b.Errorf("List: %d keys, %v", len(kvs), err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
