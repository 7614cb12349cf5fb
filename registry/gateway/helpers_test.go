package gateway

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

var gwKey = Key{Project: "default", ID: "gw1"}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openStore(t testing.TB) store.Store {
	t.Helper()
	return enginetest.Open(t, quiet())
}

// fakeServices knows the services of its set, "ns/group/name".
type fakeServices map[string]bool

func (f fakeServices) ServiceExists(ns, group, name string) bool { return f[ns+"/"+group+"/"+name] }

func newRegistry(t testing.TB, st store.Store) *Registry {
	t.Helper()
	r, err := New(context.Background(), st, Options{Logger: quiet(), Services: fakeServices{"public/DEFAULT_GROUP/orders": true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func httpGateway(k Key, ports ...int) Gateway {
	g := Gateway{ID: k.ID, Project: k.Project}
	for i, p := range ports {
		g.Listeners = append(g.Listeners, Listener{Name: "l" + string(rune('a'+i)), Port: p, Protocol: "HTTP"})
	}
	return g
}

func route(name, service string) Route {
	return Route{Name: name, Domains: []string{"*"}, Destination: Destination{Service: service}}
}

func ptr(s string) *string { return &s }

func wantKind(t *testing.T, err error, kind registry.Kind) {
	t.Helper()
	if err == nil || registry.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %v), want kind %v", err, registry.KindOf(err), kind)
	}
}

// storedKeys answers every key under Prefix.
func storedKeys(t *testing.T, st store.Store) []string {
	t.Helper()
	kvs, _, err := st.List(context.Background(), Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, kv := range kvs {
		out = append(out, kv.Key)
	}
	return out
}
