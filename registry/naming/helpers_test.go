package naming

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openMemStore(t testing.TB) store.Store {
	t.Helper()
	return enginetest.Open(t, nil)
}

// newTestRegistry builds a registry over st with a fake clock; its health
// loop effectively never ticks, tests call checkOnce themselves.
func newTestRegistry(t testing.TB, st store.Store, clock *fakeClock) *Registry {
	t.Helper()
	r, err := New(context.Background(), st, Options{Logger: quietLogger(), CheckInterval: time.Hour, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkIndexMatchesStore(t, r, st)
		r.Close()
	})
	return r
}

// checkIndexMatchesStore is the invariant every test ends with: the index
// holds exactly what the store holds.
func checkIndexMatchesStore(t testing.TB, r *Registry, st store.Store) {
	t.Helper()
	ctx := context.Background()
	if err := r.catchUp(ctx); err != nil {
		t.Fatal(err)
	}
	kvs, _, err := st.List(ctx, instPrefix)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	r.idx.each(func(string, *Instance) { n++ })
	if n != len(kvs) {
		t.Errorf("index holds %d instances, store %d", n, len(kvs))
	}
	for _, kv := range kvs {
		in, err := DecodeInstance(kv)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.idx.instance(in.Service, kv.Key); got == nil || got.Revision != kv.ModRevision {
			t.Errorf("index out of date for %s", kv.Key)
		}
	}
	checkUsage(t, r)
}

// checkUsage checks the per-namespace counts against a recount.
func checkUsage(t testing.TB, r *Registry) {
	t.Helper()
	want := nsUse{}
	r.idx.mu.RLock()
	for k, e := range r.idx.services {
		want.add(k.Namespace, 1, len(e.instances))
	}
	got := len(r.idx.use)
	for ns, c := range want {
		if u := r.idx.use[ns]; u == nil || *u != *c {
			t.Errorf("namespace %s counted %v, holds %v", ns, u, *c)
		}
	}
	r.idx.mu.RUnlock()
	if got != len(want) {
		t.Errorf("%d namespaces counted, %d hold something", got, len(want))
	}
}

var ctx = context.Background()

func svcKey(name string) ServiceKey {
	return ServiceKey{Namespace: DefaultNamespace, Group: DefaultGroup, Name: name}
}

func inst(service, ip string, port int, ephemeral bool) Instance {
	return Instance{Service: svcKey(service), IP: ip, Port: port, Cluster: DefaultCluster, Weight: 1,
		Enabled: true, Healthy: true, Ephemeral: ephemeral, Metadata: map[string]string{}}
}

func mustRegister(t testing.TB, r *Registry, in Instance) {
	t.Helper()
	if err := r.Register(ctx, in); err != nil {
		t.Fatalf("register %s:%d: %v", in.IP, in.Port, err)
	}
}
