package naming

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// Writes of other services advance the store's revision past anything the
// naming index will ever see; naming must not wait for them.
func TestOtherWritesDoNotStallNaming(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	if err := r.CreateService(ctx, Service{Key: svcKey("lonely")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Commit(ctx, store.Txn{Then: []store.Op{store.Put("other/x", []byte("1"))}}); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	start := time.Now()
	if err := r.DeleteService(c, svcKey("lonely")); err != nil {
		t.Fatalf("delete after another service's write: %v (after %v)", err, time.Since(start))
	}
}

// An instance's store key names its service, escapes and all.
func TestServiceOfInstanceKey(t *testing.T) {
	for _, k := range []ServiceKey{
		{Namespace: "public", Group: "DEFAULT_GROUP", Name: "orders"},
		{Namespace: "dev/ns", Group: "g%1", Name: "a/b@@c d"},
	} {
		key := instanceStoreKey(InstanceRef{Service: k, Cluster: "DEFAULT", IP: "10.0.0.1", Port: 8080})
		if got, ok := serviceOfInstanceKey(key); !ok || got != k {
			t.Errorf("%s: %+v %v, want %+v", key, got, ok, k)
		}
	}
	if _, ok := serviceOfInstanceKey(serviceStoreKey(ServiceKey{Namespace: "public", Group: "g", Name: "s"})); ok {
		t.Error("a service key read as an instance's")
	}
}
