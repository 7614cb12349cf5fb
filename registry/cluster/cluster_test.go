package cluster_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// Two nodes on one store see each other, and the one that stays sees the
// other leave when it closes, without waiting for its lease.
func TestMembersJoinAndLeave(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	a, _ := clustertest.Join(t, st, "10.0.0.1:8848", "1.0.0")
	b, leaveB := clustertest.Join(t, st, "10.0.0.2:8848", "1.0.0")
	clustertest.WaitMembers(t, a, "10.0.0.1:8848", "10.0.0.2:8848")
	clustertest.WaitMembers(t, b, "10.0.0.1:8848", "10.0.0.2:8848")
	if !a.Alive("10.0.0.2:8848") || a.Self().ID != "10.0.0.1:8848" || !a.Joined() || !a.Reachable() {
		t.Fatalf("a: self %v joined %v reachable %v", a.Self(), a.Joined(), a.Reachable())
	}
	leaveB()
	clustertest.WaitMembers(t, a, "10.0.0.1:8848")
	if a.Alive("10.0.0.2:8848") {
		t.Fatal("b still alive after Close")
	}
}
