package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

var lifeTests = []test{
	{name: "Close", fn: testClose, closes: true},
	{name: "ConcurrentWriters", fn: testConcurrentWriters},
}

// After Close every method fails with ErrClosed and watches end with it.
func testClose(t *testing.T, s store.Store) {
	put(t, s, "k", "v")
	w := watch(t, s, "", 0)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := closed(t, w); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("watch Err after Close = %v, want ErrClosed", err)
	}
	ctx := t.Context()
	calls := map[string]error{}
	_, calls["Get"] = s.Get(ctx, "k")
	_, _, calls["List"] = s.List(ctx, "")
	_, calls["Commit"] = s.Commit(ctx, store.Txn{Then: []store.Op{store.Put("k", nil)}})
	_, calls["Watch"] = s.Watch(ctx, "", 0)
	_, calls["Grant"] = s.Grant(ctx, ttl)
	calls["KeepAlive"] = s.KeepAlive(ctx, 1)
	calls["Revoke"] = s.Revoke(ctx, 1)
	for name, err := range calls {
		if !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// Concurrent commits get unique, consecutive revisions, and a watch sees
// every one of them in order.
func testConcurrentWriters(t *testing.T, s store.Store) {
	const writers, each = 8, 200
	w := watch(t, s, "", 0)
	base := s.Revision()
	revs := make(chan int64, writers*each)
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			durability := store.Durability(g % 2) // half Sync, half Relaxed
			for i := range each {
				key := fmt.Sprintf("c/%d/%d", g, i%10)
				res, err := s.Commit(t.Context(), store.Txn{Durability: durability,
					Then: []store.Op{store.Put(key, []byte(fmt.Sprint(i)))}})
				if err != nil {
					t.Errorf("Commit: %v", err)
					return
				}
				revs <- res.Revision
			}
		})
	}
	wg.Wait()
	close(revs)
	var got []int64
	for r := range revs {
		got = append(got, r)
	}
	slices.Sort(got)
	for i, r := range got {
		if r != base+int64(i)+1 {
			t.Fatalf("revision #%d is %d, want %d (duplicates or gaps)", i, r, base+int64(i)+1)
		}
	}
	for i := range writers * each {
		evs := next(t, w)
		if len(evs) != 1 || evs[0].KV.ModRevision != base+int64(i)+1 {
			t.Fatalf("watch batch %d: %v at %d, want one event at %d", i, describe(evs), evs[0].KV.ModRevision, base+int64(i)+1)
		}
	}
}
