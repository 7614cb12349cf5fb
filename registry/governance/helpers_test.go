package governance

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func openStore(t testing.TB) store.Store {
	t.Helper()
	return enginetest.Open(t, quiet())
}

func newRegistry(t testing.TB, st store.Store) *Registry {
	t.Helper()
	r, err := New(context.Background(), st, Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// input is a rule of the default selector (empty environment, app
// default) named name.
func input(name, spec string) PolicyInput {
	return PolicyInput{Name: name, Selector: &Selector{App: "default"}, Spec: json.RawMessage(spec)}
}

func mustCreate(t *testing.T, r *Registry, kind Kind, in PolicyInput) *Policy {
	t.Helper()
	p, err := r.CreatePolicy(context.Background(), "default", kind, in)
	if err != nil {
		t.Fatalf("create %s %s: %v", kind, in.Name, err)
	}
	return p
}

func wantKind(t *testing.T, err error, kind registry.Kind) {
	t.Helper()
	if err == nil || registry.KindOf(err) != kind {
		t.Fatalf("err = %v (kind %v), want kind %v", err, registry.KindOf(err), kind)
	}
}

// wantInvalid checks an invalid-parameter error naming field and saying
// msg.
func wantInvalid(t *testing.T, err error, field, msg string) {
	t.Helper()
	var e *registry.Error
	if !errors.As(err, &e) || e.Kind != registry.KindInvalid || e.Field != field || !strings.Contains(e.Msg, msg) {
		t.Fatalf("err = %v, want invalid %s containing %q", err, field, msg)
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
