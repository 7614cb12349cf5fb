package naming

import (
	"fmt"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// A batch publish is one atomic write: where it fits the store's
// transactions (Badger) it applies; where it does not (etcd's default of
// 128 ops), it is refused as invalid and nothing is written.
func TestPublishBeyondTheStoreOpLimit(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	const n = 500
	ins := make([]Instance, n)
	for i := range ins {
		ins[i] = inst("many", fmt.Sprintf("10.1.%d.%d", i/256, i%256), 80, true)
	}
	before := enginetest.State(t, st)
	err := r.Publish(ctx, "conn-1", svcKey("many"), ins)
	if store.LimitsOf(st).Fits(n+1, n+1) {
		if err != nil {
			t.Fatalf("Publish of %d: %v", n, err)
		}
		return
	}
	if registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("Publish of %d: kind %v, want invalid (%v)", n, registry.KindOf(err), err)
	}
	if enginetest.State(t, st) != before {
		t.Fatal("a refused publish wrote to the store")
	}
}

// RemoveClient removes more instances than one store transaction holds, in
// several.
func TestRemoveClientOfManyInstances(t *testing.T) {
	st := openMemStore(t)
	r := newTestRegistry(t, st, newFakeClock())
	const services, each = 6, 100 // 600 instances: beyond etcd's 128
	for s := range services {
		ins := make([]Instance, each)
		for i := range ins {
			ins[i] = inst(fmt.Sprintf("svc%d", s), fmt.Sprintf("10.2.%d.%d", s, i), 80, true)
		}
		if err := r.Publish(ctx, "conn-1", svcKey(fmt.Sprintf("svc%d", s)), ins); err != nil {
			t.Fatalf("Publish: %v", err)
		}
	}
	if err := r.RemoveClient(ctx, "conn-1"); err != nil {
		t.Fatalf("RemoveClient: %v", err)
	}
	for s := range services {
		if list, err := r.ListInstances(svcKey(fmt.Sprintf("svc%d", s)), Query{}); err != nil || len(list.Instances) != 0 {
			t.Fatalf("svc%d after RemoveClient: %v, %v", s, list, err)
		}
	}
}
