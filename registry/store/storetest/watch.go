package storetest

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

var watchTests = []test{
	{name: "WatchFromNow", fn: testWatchFromNow},
	{name: "WatchReplay", fn: testWatchReplay},
	{name: "WatchListThenWatch", fn: testListThenWatch},
	{name: "WatchFutureRevision", fn: testWatchFuture},
	{name: "WatchPrefixFilter", fn: testWatchPrefix},
	{name: "WatchBatchPerTxn", fn: testWatchBatch},
	{name: "WatchDeletePrevKV", fn: testWatchDelete},
	{name: "WatchDeletePrefix", fn: testWatchDeletePrefix},
	{name: "WatchCancel", fn: testWatchCancel},
}

func testWatchFromNow(t *testing.T, s store.Store) {
	put(t, s, "k", "old")
	w := watch(t, s, "", 0)
	rev := put(t, s, "k", "new")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "k", value: "new", rev: rev, prev: "old", hasPrev: true})
	rev = put(t, s, "fresh", "1")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "fresh", value: "1", rev: rev})
	quiet(t, w)
}

func testWatchReplay(t *testing.T, s store.Store) {
	r1 := put(t, s, "a", "1")
	r2 := put(t, s, "b", "1")
	r3 := put(t, s, "a", "2")
	w := watch(t, s, "", r2)
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "b", value: "1", rev: r2})
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "a", value: "2", rev: r3, prev: "1", hasPrev: true})
	r4 := put(t, s, "c", "1")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "c", value: "1", rev: r4})
	w1 := watch(t, s, "a", r1)
	checkBatch(t, next(t, w1), want{typ: store.EventPut, key: "a", value: "1", rev: r1})
	checkBatch(t, next(t, w1), want{typ: store.EventPut, key: "a", value: "2", rev: r3, prev: "1", hasPrev: true})
	quiet(t, w1)
}

// The list-then-watch pattern misses nothing and repeats nothing.
func testListThenWatch(t *testing.T, s store.Store) {
	put(t, s, "p/a", "1")
	_, rev, err := s.List(t.Context(), "p/")
	if err != nil {
		t.Fatal(err)
	}
	w := watch(t, s, "p/", rev+1)
	r := put(t, s, "p/b", "1")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "p/b", value: "1", rev: r})
	quiet(t, w)
}

// A watch may start at a revision that does not exist yet; it waits.
func testWatchFuture(t *testing.T, s store.Store) {
	rev := put(t, s, "a", "1")
	w := watch(t, s, "", rev+2)
	put(t, s, "b", "skipped")
	r := put(t, s, "c", "seen")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "c", value: "seen", rev: r})
}

func testWatchPrefix(t *testing.T, s store.Store) {
	w := watch(t, s, "svc/", 0)
	put(t, s, "svc-other", "x")
	put(t, s, "other/svc/", "x")
	r := put(t, s, "svc/a", "1")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "svc/a", value: "1", rev: r})
	// Only the matching part of a mixed txn is delivered.
	res := commit(t, s, store.Txn{Then: []store.Op{store.Put("x", nil), store.Put("svc/b", []byte("2"))}})
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "svc/b", value: "2", rev: res.Revision})
	quiet(t, w)
}

// Events of one transaction arrive together, in op order, at one revision.
func testWatchBatch(t *testing.T, s store.Store) {
	put(t, s, "b", "old")
	w := watch(t, s, "", 0)
	res := commit(t, s, store.Txn{Then: []store.Op{
		store.Put("c", []byte("1")), store.Put("a", []byte("2")), store.Delete("b"),
	}})
	r := res.Revision
	checkBatch(t, next(t, w),
		want{typ: store.EventPut, key: "c", value: "1", rev: r},
		want{typ: store.EventPut, key: "a", value: "2", rev: r},
		want{typ: store.EventDelete, key: "b", rev: r, prev: "old", hasPrev: true})
	r2 := put(t, s, "d", "1")
	checkBatch(t, next(t, w), want{typ: store.EventPut, key: "d", value: "1", rev: r2})
}

func testWatchDelete(t *testing.T, s store.Store) {
	put(t, s, "k", "v")
	w := watch(t, s, "k", 0)
	res := commit(t, s, store.Txn{Then: []store.Op{store.Delete("k"), store.Delete("absent")}})
	evs := next(t, w)
	checkBatch(t, evs, want{typ: store.EventDelete, key: "k", rev: res.Revision, prev: "v", hasPrev: true})
	if evs[0].PrevKV.ModRevision == 0 || evs[0].PrevKV.ModRevision >= res.Revision {
		t.Fatalf("PrevKV mod revision %d, delete at %d", evs[0].PrevKV.ModRevision, res.Revision)
	}
}

func testWatchDeletePrefix(t *testing.T, s store.Store) {
	for _, k := range []string{"d/2", "d/1", "d/3/x", "dx", "e"} {
		put(t, s, k, "v"+k)
	}
	w := watch(t, s, "", 0)
	res := commit(t, s, store.Txn{Then: []store.Op{store.DeletePrefix("d/")}})
	r := res.Revision
	checkBatch(t, next(t, w),
		want{typ: store.EventDelete, key: "d/1", rev: r, prev: "vd/1", hasPrev: true},
		want{typ: store.EventDelete, key: "d/2", rev: r, prev: "vd/2", hasPrev: true},
		want{typ: store.EventDelete, key: "d/3/x", rev: r, prev: "vd/3/x", hasPrev: true})
	kvs, _, err := s.List(t.Context(), "d")
	if err != nil || len(kvs) != 1 || kvs[0].Key != "dx" {
		t.Fatalf("after DeletePrefix: %v, %v; want only dx", kvs, err)
	}
}

// Ending ctx closes the channel with a nil Err.
func testWatchCancel(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	w, err := s.Watch(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := closed(t, w); err != nil {
		t.Fatalf("Err after cancel = %v, want nil", err)
	}
	put(t, s, "k", "v") // the store carries on
}
