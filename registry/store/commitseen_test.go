package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// A failed guard answers at once even when the store's newest revision is
// a write outside the view's prefix (another service's, or a deletion of
// keys the view never held): the view will never apply that revision, and
// the writer must not wait for it until ctx ends.
func TestCommitSeenFailedGuardDoesNotWaitForOtherPrefixes(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var seen store.Watermark // the view of "mine/": it has applied all of it
	res, err := st.Commit(context.Background(), store.Txn{Then: []store.Op{store.Put("mine/k", []byte("1"))}})
	if err != nil {
		t.Fatal(err)
	}
	seen.Advance(res.Revision)
	if _, err := st.Commit(context.Background(), store.Txn{Then: []store.Op{store.Put("theirs/k", []byte("1"))}}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	got, err := store.CommitSeen(ctx, st, &seen, store.Txn{If: []store.Cmp{store.Absent("mine/k")},
		Then: []store.Op{store.Put("mine/k", []byte("2"))}})
	if err != nil || got.Succeeded {
		t.Fatalf("CommitSeen = %+v, %v; want a failed guard and no error", got, err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("a failed guard waited %s for a revision the view never applies", waited)
	}
}
