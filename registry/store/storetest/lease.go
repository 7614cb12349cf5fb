package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// ttl is short so expiry tests take about a second.
const ttl = 500 * time.Millisecond

var leaseTests = []test{
	{name: "LeaseAttach", fn: testLeaseAttach},
	{name: "LeaseExpiry", fn: testLeaseExpiry},
	{name: "LeaseKeepAlive", fn: testLeaseKeepAlive},
	{name: "LeaseRevoke", fn: testLeaseRevoke},
	{name: "LeaseUnknown", fn: testLeaseUnknown},
	{name: "LeaseDetach", fn: testLeaseDetach},
}

func grant(t *testing.T, s store.Store, ttl time.Duration) store.LeaseID {
	t.Helper()
	id, err := s.Grant(t.Context(), ttl)
	if err != nil || id == 0 {
		t.Fatalf("Grant = %d, %v", id, err)
	}
	return id
}

func putLeased(t *testing.T, s store.Store, key string, id store.LeaseID) int64 {
	t.Helper()
	return commit(t, s, store.Txn{Then: []store.Op{store.PutWithLease(key, []byte("v"), id)}}).Revision
}

func testLeaseAttach(t *testing.T, s store.Store) {
	a, b := grant(t, s, time.Minute), grant(t, s, time.Minute)
	if a == b {
		t.Fatalf("two grants returned lease %d", a)
	}
	rev := s.Revision()
	putLeased(t, s, "k", a)
	if kv := get(t, s, "k"); kv.Lease != a {
		t.Fatalf("Lease = %d, want %d", kv.Lease, a)
	}
	if rev != 0 {
		t.Fatalf("grants moved the revision to %d", rev)
	}
}

// An expired lease takes its keys with it, in one transaction the watch sees.
func testLeaseExpiry(t *testing.T, s store.Store) {
	id := grant(t, s, ttl)
	first := putLeased(t, s, "l/1", id)
	putLeased(t, s, "l/2", id)
	put(t, s, "l/3", "kept")
	// Watching from the first put cannot miss the expiry, however slow.
	w := watch(t, s, "l/", first)
	for range 3 {
		if evs := next(t, w); evs[0].Type != store.EventPut {
			t.Fatalf("expected the puts first, got %v", describe(evs))
		}
	}
	evs := next(t, w)
	checkBatch(t, evs,
		want{typ: store.EventDelete, key: "l/1", prev: "v", hasPrev: true},
		want{typ: store.EventDelete, key: "l/2", prev: "v", hasPrev: true})
	if evs[0].KV.ModRevision != s.Revision() {
		t.Fatalf("expiry at %d, store at %d", evs[0].KV.ModRevision, s.Revision())
	}
	mustBeAbsent(t, s, "l/1")
	mustHaveValue(t, s, "l/3", "kept")
	if err := s.KeepAlive(t.Context(), id); !errors.Is(err, store.ErrLeaseNotFound) {
		t.Fatalf("KeepAlive after expiry: %v, want ErrLeaseNotFound", err)
	}
}

func testLeaseKeepAlive(t *testing.T, s store.Store) {
	id := grant(t, s, ttl)
	putLeased(t, s, "k", id)
	for end := time.Now().Add(3 * ttl); time.Now().Before(end); time.Sleep(ttl / 5) {
		if err := s.KeepAlive(t.Context(), id); err != nil {
			t.Fatalf("KeepAlive: %v", err)
		}
	}
	mustHaveValue(t, s, "k", "v")
	eventually(t, "key of abandoned lease deleted", func() bool {
		_, err := s.Get(t.Context(), "k")
		return errors.Is(err, store.ErrNotFound)
	})
}

func testLeaseRevoke(t *testing.T, s store.Store) {
	id := grant(t, s, time.Minute)
	putLeased(t, s, "a", id)
	putLeased(t, s, "b", id)
	w := watch(t, s, "", 0)
	before := s.Revision()
	if err := s.Revoke(t.Context(), id); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	checkBatch(t, next(t, w),
		want{typ: store.EventDelete, key: "a", rev: before + 1, prev: "v", hasPrev: true},
		want{typ: store.EventDelete, key: "b", rev: before + 1, prev: "v", hasPrev: true})
	mustBeAbsent(t, s, "a")
	if err := s.Revoke(t.Context(), id); !errors.Is(err, store.ErrLeaseNotFound) {
		t.Fatalf("second Revoke: %v, want ErrLeaseNotFound", err)
	}
	// A lease without keys revokes without a revision.
	empty := grant(t, s, time.Minute)
	rev := s.Revision()
	if err := s.Revoke(t.Context(), empty); err != nil || s.Revision() != rev {
		t.Fatalf("Revoke empty lease: %v, revision %d -> %d", err, rev, s.Revision())
	}
}

func testLeaseUnknown(t *testing.T, s store.Store) {
	rev := put(t, s, "x", "1")
	_, err := s.Commit(t.Context(), store.Txn{Then: []store.Op{
		store.Put("a", []byte("1")), store.PutWithLease("b", []byte("2"), 424242),
	}})
	if !errors.Is(err, store.ErrLeaseNotFound) {
		t.Fatalf("put with unknown lease: %v, want ErrLeaseNotFound", err)
	}
	mustBeAbsent(t, s, "a")
	if s.Revision() != rev {
		t.Fatalf("revision moved to %d", s.Revision())
	}
	if err := s.KeepAlive(t.Context(), 424242); !errors.Is(err, store.ErrLeaseNotFound) {
		t.Fatalf("KeepAlive unknown: %v", err)
	}
	if err := s.Revoke(t.Context(), 424242); !errors.Is(err, store.ErrLeaseNotFound) {
		t.Fatalf("Revoke unknown: %v", err)
	}
	if _, err := s.Grant(t.Context(), 0); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("Grant(0): %v, want ErrInvalid", err)
	}
}

// Re-putting a key without a lease, or with another one, moves it off the
// first lease.
func testLeaseDetach(t *testing.T, s store.Store) {
	a, b := grant(t, s, time.Minute), grant(t, s, time.Minute)
	putLeased(t, s, "free", a)
	putLeased(t, s, "moved", a)
	putLeased(t, s, "stays", a)
	put(t, s, "free", "mine")
	putLeased(t, s, "moved", b)
	if err := s.Revoke(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	mustBeAbsent(t, s, "stays")
	if kv := mustHaveValue(t, s, "free", "mine"); kv.Lease != 0 {
		t.Fatalf("free still on lease %d", kv.Lease)
	}
	if kv := get(t, s, "moved"); kv.Lease != b {
		t.Fatalf("moved on lease %d, want %d", kv.Lease, b)
	}
}
