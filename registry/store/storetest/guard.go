package storetest

import (
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

var guardTests = []test{
	{name: "Guards", fn: testGuards},
	{name: "FailedGuardWritesNothing", fn: testFailedGuard},
}

func testGuards(t *testing.T, s store.Store) {
	modRev := put(t, s, "k", "v1")
	cases := []struct {
		name string
		cmp  store.Cmp
		ok   bool
	}{
		{"absent holds for missing key", store.Absent("missing"), true},
		{"absent fails for present key", store.Absent("k"), false},
		{"unchanged holds", store.Unchanged("k", modRev), true},
		{"unchanged fails on other revision", store.Unchanged("k", modRev+1), false},
		{"unchanged 0 holds for missing key", store.Unchanged("missing", 0), true},
		{"unchanged 0 fails for present key", store.Unchanged("k", 0), false},
		{"create revision holds", store.Cmp{Key: "k", Target: store.CmpCreateRevision, Rev: modRev}, true},
		{"value holds", store.Cmp{Key: "k", Target: store.CmpValue, Value: []byte("v1")}, true},
		{"value fails", store.Cmp{Key: "k", Target: store.CmpValue, Value: []byte("v2")}, false},
		{"value never matches missing key", store.Cmp{Key: "missing", Target: store.CmpValue}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.Revision()
			res := commit(t, s, store.Txn{If: []store.Cmp{c.cmp}, Then: []store.Op{store.Put("out", []byte(c.name))}})
			if res.Succeeded != c.ok {
				t.Fatalf("Succeeded = %v, want %v", res.Succeeded, c.ok)
			}
			want := before
			if c.ok {
				want++
			}
			if res.Revision != want || s.Revision() != want {
				t.Fatalf("revision %d (Revision() %d), want %d", res.Revision, s.Revision(), want)
			}
		})
	}
}

// All guards must hold; when one fails nothing is written and the revision
// stays, and that is an answer, not an error.
func testFailedGuard(t *testing.T, s store.Store) {
	rev := put(t, s, "k", "v")
	res, err := s.Commit(t.Context(), store.Txn{
		If:   []store.Cmp{store.Absent("other"), store.Absent("k")},
		Then: []store.Op{store.Put("a", []byte("1")), store.Delete("k")},
	})
	if err != nil || res.Succeeded || res.Revision != rev {
		t.Fatalf("Commit = %+v, %v; want not succeeded at %d", res, err, rev)
	}
	mustBeAbsent(t, s, "a")
	mustHaveValue(t, s, "k", "v")
	if s.Revision() != rev {
		t.Fatalf("Revision() %d, want %d", s.Revision(), rev)
	}
	// Compare-and-set succeeds once, then loses to itself.
	cas := store.Txn{If: []store.Cmp{store.Unchanged("k", rev)}, Then: []store.Op{store.Put("k", []byte("w"))}}
	if !commit(t, s, cas).Succeeded || commit(t, s, cas).Succeeded {
		t.Fatal("compare-and-set did not succeed exactly once")
	}
}
