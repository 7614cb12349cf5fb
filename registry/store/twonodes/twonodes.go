// Package twonodes models several Causeway nodes sharing one store, for
// the "two nodes" tests of the registry packages. Two service objects built
// by their package's own constructor over one in-memory Badger store behave
// like two processes over one etcd: each learns of the other's writes only
// through the store's watch, so any view fed by a node's own write path
// shows up as a stale read on the other node.
package twonodes

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// Settle bounds how long a node may take to see another node's write: the
// watch delivers in milliseconds; the margin is for the race detector on
// shared cores.
const Settle = 5 * time.Second

// Quiet is a logger that drops everything.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Store opens the store the nodes of a test share: the engine of
// enginetest (an in-memory Badger, or a real etcd cluster with
// CAUSEWAY_TEST_STORE=etcd); it closes when the test ends (after the
// nodes, whose cleanups run first when they are registered later).
func Store(t testing.TB) store.Store {
	t.Helper()
	return enginetest.Open(t, Quiet())
}

// Eventually fails the test when cond does not hold within Settle: what a
// node wrote must reach the other node's view through its watch alone.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Settle)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("the other node never saw it: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
