package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

var kvTests = []test{
	{name: "GetMissing", fn: testGetMissing},
	{name: "PutGet", fn: testPutGet},
	{name: "Revisions", fn: testRevisions},
	{name: "DeleteAbsentKeepsRevision", fn: testDeleteAbsent},
	{name: "MultiOpAtomic", fn: testMultiOp},
	{name: "Invalid", fn: testInvalid},
	{name: "ValueIsCopied", fn: testValueIsCopied},
}

func testGetMissing(t *testing.T, s store.Store) {
	mustBeAbsent(t, s, "nope")
	if s.Revision() != 0 {
		t.Fatalf("fresh store at revision %d", s.Revision())
	}
}

func testPutGet(t *testing.T, s store.Store) {
	rev := put(t, s, "a", "1")
	kv := mustHaveValue(t, s, "a", "1")
	if kv.Key != "a" || kv.CreateRevision != rev || kv.ModRevision != rev || kv.Lease != 0 {
		t.Fatalf("Get = %+v, want key a at revision %d", kv, rev)
	}
	put(t, s, "empty", "")
	if kv := get(t, s, "empty"); len(kv.Value) != 0 {
		t.Fatalf("empty value read back as %q", kv.Value)
	}
}

// Every writing txn advances the revision by exactly one; a key keeps its
// create revision until deleted.
func testRevisions(t *testing.T, s store.Store) {
	r1 := put(t, s, "a", "1")
	r2 := put(t, s, "b", "1")
	r3 := put(t, s, "a", "2")
	if r1 != 1 || r2 != r1+1 || r3 != r2+1 {
		t.Fatalf("revisions %d %d %d, want 1 2 3", r1, r2, r3)
	}
	kv := get(t, s, "a")
	if kv.CreateRevision != r1 || kv.ModRevision != r3 {
		t.Fatalf("a: create %d mod %d, want %d %d", kv.CreateRevision, kv.ModRevision, r1, r3)
	}
	r4 := commit(t, s, store.Txn{Then: []store.Op{store.Delete("a")}}).Revision
	r5 := put(t, s, "a", "3")
	if r4 != r3+1 || r5 != r4+1 || get(t, s, "a").CreateRevision != r5 {
		t.Fatalf("re-created key: revisions %d %d, create %d", r4, r5, get(t, s, "a").CreateRevision)
	}
	if s.Revision() != r5 {
		t.Fatalf("Revision() = %d, want %d", s.Revision(), r5)
	}
}

// A transaction that changes nothing does not advance the revision.
func testDeleteAbsent(t *testing.T, s store.Store) {
	rev := put(t, s, "a", "1")
	res := commit(t, s, store.Txn{Then: []store.Op{store.Delete("x"), store.DeletePrefix("y/")}})
	if !res.Succeeded || res.Revision != rev || s.Revision() != rev {
		t.Fatalf("no-op txn: %+v, Revision() %d, want revision %d", res, s.Revision(), rev)
	}
	res = commit(t, s, store.Txn{})
	if !res.Succeeded || res.Revision != rev {
		t.Fatalf("empty txn: %+v, want revision %d", res, rev)
	}
}

// All ops of a txn land at one revision.
func testMultiOp(t *testing.T, s store.Store) {
	put(t, s, "gone", "x")
	res := commit(t, s, store.Txn{Then: []store.Op{
		store.Put("m/1", []byte("a")), store.Put("m/2", []byte("b")), store.Delete("gone"),
	}})
	for _, k := range []string{"m/1", "m/2"} {
		if kv := get(t, s, k); kv.ModRevision != res.Revision {
			t.Fatalf("%s at %d, txn at %d", k, kv.ModRevision, res.Revision)
		}
	}
	mustBeAbsent(t, s, "gone")
	if s.Revision() != res.Revision {
		t.Fatalf("Revision() %d, txn %d", s.Revision(), res.Revision)
	}
}

func testInvalid(t *testing.T, s store.Store) {
	rev := put(t, s, "ok", "1")
	long := strings.Repeat("k", store.MaxKeySize+1)
	for name, ops := range map[string][]store.Op{
		"empty key":    {store.Put("", []byte("v"))},
		"long key":     {store.Put(long, []byte("v"))},
		"bad utf8":     {store.Put("a\xff", []byte("v"))},
		"huge value":   {store.Put("k", make([]byte, store.MaxValueSize+1))},
		"valid first":  {store.Put("k", []byte("v")), store.Put("", []byte("v"))},
		"delete empty": {store.Delete("")},
	} {
		_, err := s.Commit(t.Context(), store.Txn{Then: ops})
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
	if _, err := s.Get(t.Context(), ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Get empty key: %v, want ErrInvalid", err)
	}
	mustBeAbsent(t, s, "k")
	if s.Revision() != rev {
		t.Fatalf("invalid txns moved revision to %d from %d", s.Revision(), rev)
	}
	maxKey := strings.Repeat("k", store.MaxKeySize)
	commit(t, s, store.Txn{Then: []store.Op{store.Put(maxKey, make([]byte, store.MaxValueSize))}})
	if kv := get(t, s, maxKey); len(kv.Value) != store.MaxValueSize {
		t.Fatalf("max value read back with %d bytes", len(kv.Value))
	}
}

// The store keeps its own copies: callers may reuse their buffers.
func testValueIsCopied(t *testing.T, s store.Store) {
	buf := []byte("original")
	commit(t, s, store.Txn{Then: []store.Op{store.Put("k", buf)}})
	copy(buf, "XXXXXXXX")
	kv := mustHaveValue(t, s, "k", "original")
	copy(kv.Value, "YYYYYYYY")
	mustHaveValue(t, s, "k", "original")
}
