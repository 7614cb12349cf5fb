package servicecomb

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

var ctx = context.Background()

// newTestRegistry answers a Registry over an in-memory store with its own
// naming registry. Every test ends by checking that the view holds exactly
// what the store holds.
func newTestRegistry(t testing.TB) (*Registry, *naming.Registry) {
	t.Helper()
	return newTestRegistryWith(t, Options{})
}

// newTestRegistryWith is newTestRegistry with options (a clock).
func newTestRegistryWith(t testing.TB, opts Options) (*Registry, *naming.Registry) {
	t.Helper()
	opts.Logger = quietLogger()
	st := enginetest.Open(t, quietLogger())
	nr, err := naming.New(ctx, st, naming.Options{Logger: quietLogger(), CheckInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(ctx, st, nr, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		checkViewMatchesStore(t, r, st)
		r.Close()
		nr.Close()
		_ = st.Close()
	})
	return r, nr
}

func checkViewMatchesStore(t testing.TB, r *Registry, st store.Store) {
	t.Helper()
	// Every write of the Registry waits for its view, so the view is
	// current here. (The store's revision is global: the view never sees
	// the naming writes that advance it, so there is nothing to wait for.)
	kvs, rev, err := st.List(ctx, Prefix)
	if err != nil {
		t.Fatal(err)
	}
	fresh := newView(quietLogger())
	fresh.Load(kvs, rev)
	r.view.mu.RLock()
	defer r.view.mu.RUnlock()
	for name, pair := range map[string][2]any{
		"identities": {fresh.identities, r.view.identities},
		"byName":     {fresh.byName, r.view.byName},
		"byApp":      {fresh.byApp, r.view.byApp},
		"schemas":    {fresh.schemas, r.view.schemas},
		"deps":       {fresh.deps, r.view.deps},
		"dependents": {fresh.dependents, r.view.dependents},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("view %s drifted from the store:\nstore %v\nview  %v", name, pair[0], pair[1])
		}
	}
	if len(fresh.services) != len(r.view.services) {
		t.Errorf("view has %d projects, store %d", len(r.view.services), len(fresh.services))
	}
}

func create(t testing.TB, r *Registry, name, version string, opts ...func(*CreateInput)) string {
	t.Helper()
	in := CreateInput{Service: Microservice{ServiceName: name, Version: version}}
	for _, o := range opts {
		o(&in)
	}
	id, err := r.CreateService(ctx, "default", in)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func register(t testing.TB, r *Registry, serviceID, endpoint string) string {
	t.Helper()
	id, err := r.RegisterInstance(ctx, "default", serviceID, Instance{HostName: "h", Endpoints: []string{endpoint}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func wantKind(t testing.TB, err error, k registry.Kind) {
	t.Helper()
	if err == nil || registry.KindOf(err) != k {
		t.Fatalf("err %v (kind %v), want kind %v", err, registry.KindOf(err), k)
	}
}

func find(t testing.TB, r *Registry, q FindQuery) *FindResult {
	t.Helper()
	if q.Project == "" {
		q.Project = "default"
	}
	res, err := r.Find(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func rule(t testing.TB, s string) VersionRule {
	t.Helper()
	v, err := ParseVersionRule(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
