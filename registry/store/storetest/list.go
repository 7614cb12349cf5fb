package storetest

import (
	"slices"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
)

var listTests = []test{
	{name: "ListPrefix", fn: testListPrefix},
	{name: "ListEmpty", fn: testListEmpty},
}

func testListPrefix(t *testing.T, s store.Store) {
	for _, k := range []string{"svc/b", "svc/a", "svc/c/1", "svc-x", "sv", "other"} {
		put(t, s, k, "v:"+k)
	}
	kvs, rev, err := s.List(t.Context(), "svc/")
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	var keys []string
	for _, kv := range kvs {
		keys = append(keys, kv.Key)
		if string(kv.Value) != "v:"+kv.Key || kv.ModRevision == 0 {
			t.Errorf("%s: value %q mod %d", kv.Key, kv.Value, kv.ModRevision)
		}
	}
	if want := []string{"svc/a", "svc/b", "svc/c/1"}; !slices.Equal(keys, want) {
		t.Fatalf("List keys %q, want %q", keys, want)
	}
	if rev != s.Revision() || rev != 6 {
		t.Fatalf("List revision %d, Revision() %d, want 6", rev, s.Revision())
	}
	all, _, err := s.List(t.Context(), "")
	if err != nil || len(all) != 6 {
		t.Fatalf("List all: %d keys, %v", len(all), err)
	}
}

// An empty listing still reports the revision, so a watch can follow it.
func testListEmpty(t *testing.T, s store.Store) {
	put(t, s, "a", "1")
	kvs, rev, err := s.List(t.Context(), "none/")
	if err != nil || len(kvs) != 0 || rev != 1 {
		t.Fatalf("List = %v, %d, %v; want nothing at revision 1", kvs, rev, err)
	}
}
