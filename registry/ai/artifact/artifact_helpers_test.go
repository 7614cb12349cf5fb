package artifact

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newSkills(t testing.TB) (*Registry, store.Store) {
	t.Helper()
	st := enginetest.Open(t, quiet())
	r, err := NewSkills(context.Background(), st, Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r, st
}

// zipOf builds a zip of name → content pairs, in order.
func zipOf(t testing.TB, kv ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		w, err := zw.Create(kv[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(kv[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func kindOf(err error) registry.Kind {
	var re *registry.Error
	if errors.As(err, &re) {
		return re.Kind
	}
	return -1
}

func ptr[T any](v T) *T { return &v }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// keys answers every key the store holds under prefix.
func keys(t testing.TB, st store.Store, prefix string) []string {
	t.Helper()
	kvs, _, err := st.List(context.Background(), prefix)
	must(t, err)
	var out []string
	for _, kv := range kvs {
		out = append(out, kv.Key)
	}
	return out
}
