// Package clustertest starts real cluster members for tests: each a
// *cluster.Cluster joined to a shared store under its own id, as nodes
// sharing one store are.
package clustertest

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/store"
)

// Join starts a member of st with id (host:port) and version, and leaves
// the cluster when the test ends unless the test closed it first (Close
// must then be called once, through the returned func).
func Join(t testing.TB, st store.Store, id, version string) (*cluster.Cluster, func()) {
	t.Helper()
	ctx := context.Background()
	c, err := cluster.New(ctx, cluster.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("cluster %s: %v", id, err)
	}
	if err := c.Join(ctx, cluster.Member{ID: id, Version: version, Started: time.Now().UnixMilli()}); err != nil {
		c.Close()
		t.Fatalf("join %s: %v", id, err)
	}
	closed := false
	leave := func() {
		if !closed {
			closed = true
			c.Close()
		}
	}
	t.Cleanup(leave)
	return c, leave
}

// WaitMembers waits until c sees exactly ids (in id order) as its members.
func WaitMembers(t testing.TB, c *cluster.Cluster, ids ...string) {
	t.Helper()
	var got []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		got = got[:0]
		for _, m := range c.Members() {
			got = append(got, m.ID)
		}
		if slices.Equal(got, ids) {
			return
		}
	}
	t.Fatalf("members %v, want %v", got, ids)
}
