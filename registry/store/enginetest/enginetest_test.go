package enginetest

import (
	"os"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/etcd"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// Open answers the engine Env names, each store empty and apart from the
// others.
func TestOpen(t *testing.T) {
	a, b := Open(t, nil), Open(t, nil)
	for _, st := range []store.Store{a, b} {
		switch st.(type) {
		case *badger.Engine:
			if IsEtcd() {
				t.Fatal("badger store with CAUSEWAY_TEST_STORE=etcd")
			}
		case *etcd.Engine:
			if !IsEtcd() {
				t.Fatal("etcd store without CAUSEWAY_TEST_STORE=etcd")
			}
		default:
			t.Fatalf("store %T", st)
		}
	}
	if _, err := a.Commit(t.Context(), store.Txn{Then: []store.Op{store.Put("k", []byte("a"))}}); err != nil {
		t.Fatal(err)
	}
	if State(t, a) == State(t, b) {
		t.Fatal("a write to one store shows in the other")
	}
	if kvs, _, err := b.List(t.Context(), ""); err != nil || len(kvs) != 0 {
		t.Fatalf("second store: %d keys, %v", len(kvs), err)
	}
}
