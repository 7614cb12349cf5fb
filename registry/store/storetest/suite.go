// Package storetest is the contract suite of store.Store: one set of tests
// every engine must pass, so that engines stay interchangeable. An engine's
// test calls Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

// test is one contract test; closes marks tests that close the store
// themselves, after which the invariants cannot be checked.
type test struct {
	name   string
	fn     func(t *testing.T, s store.Store)
	closes bool
}

// Run runs every contract test in parallel, each on its own store from open.
// Run closes the stores; open may also register a cleanup that does.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	var all []test
	for _, group := range [][]test{kvTests, guardTests, listTests, watchTests, leaseTests, lifeTests} {
		all = append(all, group...)
	}
	for _, tc := range all {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			t.Cleanup(func() {
				if !tc.closes && !t.Failed() {
					checkInvariants(t, s)
				}
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// checkInvariants verifies what must hold after any test: the listing and
// Revision agree, and every key's revisions are ordered and not from the
// future.
func checkInvariants(t *testing.T, s store.Store) {
	t.Helper()
	// t.Context() is already cancelled when cleanups run.
	kvs, rev, err := s.List(context.Background(), "")
	if errors.Is(err, store.ErrClosed) {
		return
	}
	if err != nil {
		t.Errorf("invariants: List: %v", err)
		return
	}
	if got := s.Revision(); got != rev {
		t.Errorf("invariants: List revision %d, Revision() %d", rev, got)
	}
	for i, kv := range kvs {
		if kv.CreateRevision <= 0 || kv.CreateRevision > kv.ModRevision || kv.ModRevision > rev {
			t.Errorf("invariants: %q has create %d mod %d at store revision %d",
				kv.Key, kv.CreateRevision, kv.ModRevision, rev)
		}
		if i > 0 && kvs[i-1].Key >= kv.Key {
			t.Errorf("invariants: listing out of order: %q before %q", kvs[i-1].Key, kv.Key)
		}
	}
}
