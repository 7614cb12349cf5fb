package badger

import (
	"context"
	"errors"
	"testing"
	"time"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/storetest"
)

func openT(t *testing.T, opts Options) *Engine {
	t.Helper()
	e, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestContractInMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openT(t, Options{InMemory: true}) })
}

func TestContractOnDisk(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openT(t, Options{Dir: t.TempDir()}) })
}

func put(t *testing.T, s store.Store, key string, lease store.LeaseID) int64 {
	t.Helper()
	res, err := s.Commit(t.Context(), store.Txn{Then: []store.Op{store.PutWithLease(key, []byte("v:"+key), lease)}})
	if err != nil {
		t.Fatalf("Commit %q: %v", key, err)
	}
	return res.Revision
}

func TestReopenKeepsDataAndRevision(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := openT(t, Options{Dir: dir})
	put(t, e, "a", 0)
	rev := put(t, e, "b", 0)
	// A relaxed write is on disk after a clean Close too.
	if _, err := e.Commit(t.Context(), store.Txn{Durability: store.Relaxed, Then: []store.Op{store.Delete("a")}}); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e = openT(t, Options{Dir: dir})
	if e.Revision() != rev+1 {
		t.Fatalf("revision after reopen %d, want %d", e.Revision(), rev+1)
	}
	if kv, err := e.Get(t.Context(), "b"); err != nil || kv.ModRevision != rev {
		t.Fatalf("b after reopen = %+v, %v", kv, err)
	}
	if _, err := e.Get(t.Context(), "a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a after reopen: %v", err)
	}
	if next := put(t, e, "c", 0); next != rev+2 {
		t.Fatalf("first revision after reopen %d, want %d", next, rev+2)
	}
	// History is not persisted: the old revisions are compacted.
	if _, err := e.Watch(t.Context(), "", rev); !errors.Is(err, store.ErrCompacted) {
		t.Fatalf("watch from before reopen: %v, want ErrCompacted", err)
	}
}

func TestLeaseSurvivesReopen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := openT(t, Options{Dir: dir})
	id, err := e.Grant(t.Context(), 700*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	put(t, e, "leased", id)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e = openT(t, Options{Dir: dir})
	if kv, err := e.Get(t.Context(), "leased"); err != nil || kv.Lease != id {
		t.Fatalf("after reopen: %+v, %v", kv, err)
	}
	if err := e.KeepAlive(t.Context(), id); err != nil {
		t.Fatalf("KeepAlive after reopen: %v", err)
	}
	if other, err := e.Grant(t.Context(), time.Minute); err != nil || other == id {
		t.Fatalf("Grant after reopen = %d, %v; must not reuse %d", other, err, id)
	}
	w, err := e.Watch(t.Context(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case evs := <-w.Events():
		if len(evs) != 1 || evs[0].Type != store.EventDelete || evs[0].KV.Key != "leased" {
			t.Fatalf("expiry events %+v", evs)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("lease did not expire after reopen")
	}
}

func TestSchemaMismatchRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := openT(t, Options{Dir: dir})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bdg.Open(bdg.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *bdg.Txn) error { return txn.Set(metaSchema, []byte("2")) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if e, err := Open(Options{Dir: dir}); !errors.Is(err, ErrSchema) {
		if e != nil {
			_ = e.Close()
		}
		t.Fatalf("Open newer schema: %v, want ErrSchema", err)
	}
	// The refusal must not have damaged anything: the directory still opens
	// with the schema it has once that is fixed.
}

func TestForeignDirectoryRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db, err := bdg.Open(bdg.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *bdg.Txn) error { return txn.Set([]byte("someone/else"), []byte("x")) }); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrSchema) {
		t.Fatalf("Open foreign data: %v, want ErrSchema", err)
	}
}

// The history keeps the last events up to a count or a size, whichever
// comes first: each "k" put below holds 8 bytes (key and value, new and
// previous), so both limits keep the last five.
func TestCompaction(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]Options{
		"events": {InMemory: true, WatchHistory: 5},
		"bytes":  {InMemory: true, WatchHistoryBytes: 5 * 8},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := openT(t, opts)
			first := put(t, e, "k0", 0)
			for range 9 {
				put(t, e, "k", 0)
			}
			if _, err := e.Watch(t.Context(), "", first); !errors.Is(err, store.ErrCompacted) {
				t.Fatalf("watch from compacted revision: %v, want ErrCompacted", err)
			}
			if _, err := e.Watch(t.Context(), "", e.Revision()-5); !errors.Is(err, store.ErrCompacted) {
				t.Fatalf("watch from the sixth last revision: %v, want ErrCompacted", err)
			}
			w, err := e.Watch(t.Context(), "", e.Revision()-4)
			if err != nil {
				t.Fatalf("watch from kept revision: %v", err)
			}
			for range 5 {
				<-w.Events()
			}
		})
	}
}

// A watcher that stops reading is cut off once the ring has moved past it,
// and the writers never wait for it.
func TestSlowWatcherClosed(t *testing.T) {
	t.Parallel()
	e := openT(t, Options{InMemory: true, WatchHistory: 10})
	w, err := e.Watch(t.Context(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for range watchBuffer + readChunk + 50 {
		put(t, e, "k", 0)
	}
	var n int
	for range w.Events() {
		n++
	}
	// How many batches it got before falling behind depends on the
	// scheduler (none, on a loaded machine); that it is closed with
	// ErrCompacted does not.
	if !errors.Is(w.Err(), store.ErrCompacted) {
		t.Fatalf("slow watcher: %d batches then %v, want ErrCompacted", n, w.Err())
	}
}

func TestEmptyDeletePrefixRefused(t *testing.T) {
	t.Parallel()
	e := openT(t, Options{InMemory: true})
	put(t, e, "k", 0)
	_, err := e.Commit(t.Context(), store.Txn{Then: []store.Op{store.DeletePrefix("")}})
	if !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("DeletePrefix(\"\"): %v, want ErrInvalid", err)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	if _, err := Open(Options{}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Open without Dir: %v, want ErrInvalid", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := openT(t, Options{InMemory: true})
	if _, err := e.Commit(ctx, store.Txn{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Commit with ended ctx: %v", err)
	}
}
