package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

// The same benchmarks for every engine, so their numbers compare: each
// takes a fresh, open store.

var benchValue = make([]byte, 256)

// BenchCommit puts distinct keys with durability d from parallelism
// goroutines per CPU, as many clients of a registry would.
func BenchCommit(b *testing.B, st store.Store, d store.Durability, parallelism int) {
	var n atomic.Int64
	b.SetParallelism(parallelism)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("svc/%d", n.Add(1))
			if _, err := st.Commit(ctx, store.Txn{Durability: d, Then: []store.Op{store.Put(key, benchValue)}}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchCommitSerial is one writer at a time: the latency of one durable
// write with nothing to share it with.
func BenchCommitSerial(b *testing.B, st store.Store) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(fmt.Sprint("k", i), benchValue)}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchCommitGuarded is the registry's usual write: a compare-and-set on
// the key's revision, from many goroutines on distinct keys.
func BenchCommitGuarded(b *testing.B, st store.Store) {
	var n atomic.Int64
	b.SetParallelism(8)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			key := fmt.Sprintf("svc/%d", n.Add(1))
			res, err := st.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(key)}, Then: []store.Op{store.Put(key, benchValue)}})
			if err != nil || !res.Succeeded {
				b.Errorf("Commit: %+v, %v", res, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// fill writes prefixes×perPrefix keys named p<i>/k<j>.
func fill(b *testing.B, st store.Store, prefixes, perPrefix int) {
	b.Helper()
	for i := range prefixes {
		ops := make([]store.Op, 0, perPrefix)
		for j := range perPrefix {
			ops = append(ops, store.Put(fmt.Sprintf("p%d/k%03d", i, j), benchValue))
		}
		if _, err := st.Commit(context.Background(), store.Txn{Durability: store.Relaxed, Then: ops}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchGet reads random keys of 10,000 from many goroutines (parallel)
// or one at a time.
func BenchGet(b *testing.B, st store.Store, parallel bool) {
	fill(b, st, 100, 100)
	ctx := context.Background()
	get := func() error {
		_, err := st.Get(ctx, fmt.Sprintf("p%d/k%03d", rand.IntN(100), rand.IntN(100)))
		return err
	}
	b.ReportAllocs()
	b.ResetTimer()
	if !parallel {
		for b.Loop() {
			if err := get(); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := get(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchList100 lists a prefix of 100 keys among 10,000.
func BenchList100(b *testing.B, st store.Store) {
	fill(b, st, 100, 100)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			kvs, _, err := st.List(ctx, fmt.Sprintf("p%d/", rand.IntN(100)))
			if err != nil || len(kvs) != 100 {
				b.Errorf("List: %d keys, %v", len(kvs), err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
