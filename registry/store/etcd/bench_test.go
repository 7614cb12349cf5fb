package etcd

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// Benchmarks run on a real 3-member etcd cluster on this machine (one per
// benchmark run): every write is a raft round and an fsync on a quorum.

func openB(b *testing.B) *Engine {
	b.Helper()
	return openOn(b, etcdtest.Start(b, 3), "causeway/")
}

var value = make([]byte, 256)

// benchCommit puts distinct keys from parallelism goroutines per CPU, as
// many clients of a registry would.
func benchCommit(b *testing.B, parallelism int) {
	e := openB(b)
	var n atomic.Int64
	b.SetParallelism(parallelism)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("svc/%d", n.Add(1))
			if _, err := e.Commit(ctx, store.Txn{Then: []store.Op{store.Put(key, value)}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkCommit(b *testing.B) { benchCommit(b, 8) }

// BenchmarkCommitSerial is one writer at a time: the latency of one raft
// round with its fsyncs.
func BenchmarkCommitSerial(b *testing.B) {
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

// BenchmarkCommitGuarded is the registry's usual write: a compare-and-set
// on the key's revision, from many goroutines on distinct keys.
func BenchmarkCommitGuarded(b *testing.B) {
	e := openB(b)
	var n atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("svc/%d", n.Add(1))
			res, err := e.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(key)}, Then: []store.Op{store.Put(key, value)}})
			if err != nil || !res.Succeeded {
				b.Errorf("Commit: %+v, %v", res, err)
				return
			}
		}
	})
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
		if _, err := e.Commit(context.Background(), store.Txn{Then: ops}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet reads from many goroutines; every Get is a linearizable
// read (a round to the leader to confirm its read index).
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

func BenchmarkGetSerial(b *testing.B) {
	e := openB(b)
	fill(b, e, 100, 100)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Get(ctx, fmt.Sprintf("p%d/k%03d", rand.IntN(100), rand.IntN(100))); err != nil {
			b.Fatal(err)
		}
	}
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
