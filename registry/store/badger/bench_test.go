package badger

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/storetest"
)

// Benchmarks run on disk: Sync is only meaningful there. They are the
// storetest benchmarks every engine runs.

func openB(b *testing.B) *Engine {
	b.Helper()
	e, err := Open(Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Close() })
	return e
}

func BenchmarkCommitRelaxed(b *testing.B)    { storetest.BenchCommit(b, openB(b), store.Relaxed, 8) }
func BenchmarkCommitSync(b *testing.B)       { storetest.BenchCommit(b, openB(b), store.Sync, 8) }
func BenchmarkCommitSyncSerial(b *testing.B) { storetest.BenchCommitSerial(b, openB(b)) }
func BenchmarkCommitGuarded(b *testing.B)    { storetest.BenchCommitGuarded(b, openB(b)) }
func BenchmarkGet(b *testing.B)              { storetest.BenchGet(b, openB(b), true) }
func BenchmarkList100(b *testing.B)          { storetest.BenchList100(b, openB(b)) }
