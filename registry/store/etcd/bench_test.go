package etcd

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
	"github.com/causeway-dev/causeway/registry/store/storetest"
)

// Benchmarks run on a real 3-member etcd cluster on this machine (one per
// benchmark run): every write is a raft round and an fsync on a quorum.
// They are the storetest benchmarks every engine runs; Get is a
// linearizable read (a round to the leader to confirm its read index).

func openB(b *testing.B) *Engine {
	b.Helper()
	return openOn(b, etcdtest.Start(b, 3), "causeway/")
}

func BenchmarkCommit(b *testing.B)        { storetest.BenchCommit(b, openB(b), store.Sync, 8) }
func BenchmarkCommitSerial(b *testing.B)  { storetest.BenchCommitSerial(b, openB(b)) }
func BenchmarkCommitGuarded(b *testing.B) { storetest.BenchCommitGuarded(b, openB(b)) }
func BenchmarkGet(b *testing.B)           { storetest.BenchGet(b, openB(b), true) }
func BenchmarkGetSerial(b *testing.B)     { storetest.BenchGet(b, openB(b), false) }
func BenchmarkList100(b *testing.B)       { storetest.BenchList100(b, openB(b)) }
