package badger

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// overflowRecords counts the tails stored apart from their records.
func overflowRecords(t *testing.T, e *Engine) int {
	t.Helper()
	n := 0
	err := e.db.View(func(txn *bdg.Txn) error {
		it := txn.NewIterator(bdg.IteratorOptions{Prefix: overflowPrefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The largest values span two records; every way of replacing or removing
// them must take the overflow record along.
func TestLargeValueOverflow(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]func(t *testing.T) Options{
		"memory": func(*testing.T) Options { return Options{InMemory: true} },
		"disk":   func(t *testing.T) Options { return Options{Dir: t.TempDir()} },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := openT(t, opts(t))
			big := bytes.Repeat([]byte("0123456789abcdef"), store.MaxValueSize/16)
			w, err := e.Watch(t.Context(), "", 0)
			if err != nil {
				t.Fatal(err)
			}
			commitOps(t, e, store.Put("a", big), store.Put("b", big))
			commitOps(t, e, store.Put("c", big))
			if n := overflowRecords(t, e); n != 3 {
				t.Fatalf("%d overflow records, want 3", n)
			}
			kvs, _, err := e.List(t.Context(), "")
			if err != nil || len(kvs) != 3 || !bytes.Equal(kvs[1].Value, big) {
				t.Fatalf("List: %d keys, %v", len(kvs), err)
			}
			if evs := <-w.Events(); len(evs) != 2 || !bytes.Equal(evs[1].KV.Value, big) {
				t.Fatalf("watch: %d events", len(evs))
			}
			commitOps(t, e, store.Put("a", []byte("small")), store.Delete("b"))
			commitOps(t, e, store.DeletePrefix("c"))
			if n := overflowRecords(t, e); n != 0 {
				t.Fatalf("%d overflow records left", n)
			}
			if kv, err := e.Get(t.Context(), "a"); err != nil || string(kv.Value) != "small" {
				t.Fatalf("a = %q, %v", kv.Value, err)
			}
		})
	}
}

func commitOps(t *testing.T, e *Engine, ops ...store.Op) store.TxnResult {
	t.Helper()
	res, err := e.Commit(t.Context(), store.Txn{Then: ops})
	if err != nil || !res.Succeeded {
		t.Fatalf("Commit: %+v, %v", res, err)
	}
	return res
}

// A transaction Badger cannot take in one piece fails alone with ErrInvalid
// and writes nothing.
func TestTxnTooLarge(t *testing.T) {
	t.Parallel()
	e := openT(t, Options{InMemory: true})
	big := make([]byte, store.MaxValueSize)
	var ops []store.Op
	for i := range 4 { // 4 MiB: over the in-memory limit of a Badger transaction
		ops = append(ops, store.Put(fmt.Sprint("k", i), big))
	}
	rev := commitOps(t, e, store.Put("x", nil)).Revision
	if _, err := e.Commit(t.Context(), store.Txn{Then: ops}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("huge txn: %v, want ErrInvalid", err)
	}
	if e.Revision() != rev {
		t.Fatalf("revision moved from %d to %d", rev, e.Revision())
	}
	if _, err := e.Get(t.Context(), "k0"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("k0 after failed txn: %v", err)
	}
}

// Transactions queued together are split over several Badger transactions
// when they do not fit in one; each still succeeds with its own revision.
func TestGroupSplit(t *testing.T) {
	t.Parallel()
	e := openT(t, Options{InMemory: true})
	big := make([]byte, 700<<10)
	var wg sync.WaitGroup
	revs := make([]int64, 24)
	for i := range revs {
		wg.Go(func() {
			res, err := e.Commit(t.Context(), store.Txn{Then: []store.Op{store.Put(fmt.Sprint("k", i), big)}})
			if err != nil {
				t.Errorf("Commit %d: %v", i, err)
			}
			revs[i] = res.Revision
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, r := range revs {
		if r < 1 || r > int64(len(revs)) || seen[r] {
			t.Fatalf("revisions %v not a permutation of 1..%d", revs, len(revs))
		}
		seen[r] = true
	}
}
