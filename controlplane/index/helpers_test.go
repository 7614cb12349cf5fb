package index

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// openRegistry opens a store (in memory when dir is empty) and a naming
// registry over it, both closed when the test ends.
func openRegistry(tb testing.TB, dir string) (store.Store, *naming.Registry) {
	tb.Helper()
	st, err := badger.Open(badger.Options{Dir: dir, InMemory: dir == "", Logger: quietLog})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	reg, err := naming.New(context.Background(), st, naming.Options{Logger: quietLog})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(reg.Close)
	return st, reg
}
