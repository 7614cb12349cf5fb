package etcd

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
	"github.com/causeway-dev/causeway/registry/store/storetest"
)

// clusters bounds how many 3-member clusters the contract suite runs at
// once: every contract test needs a fresh store, so a cluster of its own.
var clusters = make(chan struct{}, 4)

func openOn(t testing.TB, c *etcdtest.Cluster, prefix string) *Engine {
	t.Helper()
	e, err := Open(Options{Endpoints: c.Endpoints(), Prefix: prefix})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// TestContract runs the store contract suite, each test on a fresh
// 3-member etcd cluster.
func TestContract(t *testing.T) {
	etcdtest.Binary(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		clusters <- struct{}{}
		t.Cleanup(func() { <-clusters })
		return openOn(t, etcdtest.Start(t, 3), "")
	})
}

// TestContractWithPrefix runs it again with a key prefix (the suite needs
// a fresh store, so no neighbour writes there; TestPrefixIsolation has one).
func TestContractWithPrefix(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	etcdtest.Binary(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		clusters <- struct{}{}
		t.Cleanup(func() { <-clusters })
		return openOn(t, etcdtest.Start(t, 3), "causeway/test/")
	})
}

func TestPrefixIsolation(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3)
	a, b := openOn(t, c, "inst-a/"), openOn(t, c, "inst-b/")
	ctx := t.Context()
	mustCommit(t, a, store.Put("svc/x", []byte("a")))
	rev := mustCommit(t, b, store.Put("svc/x", []byte("b")))
	kvs, lrev, err := b.List(ctx, "")
	if err != nil || len(kvs) != 1 || kvs[0].Key != "svc/x" || string(kvs[0].Value) != "b" || lrev != rev {
		t.Fatalf("b lists %+v at %d, %v; want only its own svc/x at %d", kvs, lrev, err, rev)
	}
	// DeletePrefix stays inside the installation.
	mustCommit(t, a, store.DeletePrefix("svc/"))
	if kv, err := b.Get(ctx, "svc/x"); err != nil || string(kv.Value) != "b" {
		t.Fatalf("b's key after a's DeletePrefix: %+v, %v", kv, err)
	}
	// Raw etcd sees the prefixed keys.
	resp, err := a.Client().Get(ctx, "inst-b/svc/x")
	if err != nil || len(resp.Kvs) != 1 {
		t.Fatalf("raw etcd read of inst-b/svc/x: %v, %v", resp, err)
	}
}

func mustCommit(t testing.TB, s store.Store, ops ...store.Op) int64 {
	t.Helper()
	res, err := s.Commit(context.Background(), store.Txn{Then: ops})
	if err != nil || !res.Succeeded {
		t.Fatalf("Commit %v: %+v, %v", ops, res, err)
	}
	return res.Revision
}

// etcd refuses a txn that puts a key twice or puts inside a deleted range;
// the engine folds such ops into what the contract means: apply in order.
func TestOverlappingOps(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3)
	e := openOn(t, c, "p/")
	ctx := t.Context()
	for _, k := range []string{"d/1", "d/2", "d/3", "k", "z"} {
		mustCommit(t, e, store.Put(k, []byte("old")))
	}
	w, err := e.Watch(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	rev := mustCommit(t, e,
		store.Put("k", []byte("1")), store.Put("k", []byte("2")), // twice: the last wins
		store.DeletePrefix("d/"), store.Put("d/2", []byte("new")), // put inside a deleted range
		store.Put("z", []byte("gone")), store.Delete("z"), // put then delete: deleted
		store.Delete("n"), store.Put("n", []byte("fresh")), // delete then put: put
	)
	want := map[string]string{"d/2": "new", "k": "2", "n": "fresh"}
	kvs, _, err := e.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, kv := range kvs {
		got[kv.Key] = string(kv.Value)
		if kv.ModRevision != rev {
			t.Errorf("%s at %d, txn at %d", kv.Key, kv.ModRevision, rev)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after the txn %v, want %v", got, want)
	}
	select {
	case evs := <-w.Events():
		if len(evs) != 6 { // put k, delete d/1, delete d/3, put d/2, delete z, put n
			t.Fatalf("one batch of 6 events expected, got %d", len(evs))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

func TestWatchCompacted(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3)
	e := openOn(t, c, "")
	ctx := t.Context()
	r1 := mustCommit(t, e, store.Put("a", []byte("1")))
	mustCommit(t, e, store.Put("a", []byte("2")))
	r3 := mustCommit(t, e, store.Put("a", []byte("3")))
	if _, err := e.Client().Compact(ctx, r3+revBase); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Watch(ctx, "", r1); !errors.Is(err, store.ErrCompacted) {
		t.Fatalf("watch from a compacted revision: %v, want ErrCompacted", err)
	}
	w, err := e.Watch(ctx, "", r3)
	if err != nil {
		t.Fatalf("watch from the compaction revision: %v", err)
	}
	if evs := <-w.Events(); len(evs) != 1 || evs[0].KV.ModRevision != r3 {
		t.Fatalf("first batch %+v, want the put at %d", evs, r3)
	}
}

func TestRequestTooLarge(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 1)
	e := openOn(t, c, "")
	big := make([]byte, store.MaxValueSize)
	_, err := e.Commit(t.Context(), store.Txn{Then: []store.Op{store.Put("a", big), store.Put("b", big)}})
	if !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("2 MiB txn: %v, want ErrInvalid", err)
	}
}

// Killing one member of three, each in turn (so whichever member the watch
// stream and the leader were on is lost once): writes, reads, leases and a
// running watch carry on through the other two.
func TestSurvivesLosingAMember(t *testing.T) {
	t.Parallel()
	c := etcdtest.Start(t, 3)
	e := openOn(t, c, "")
	ctx := t.Context()
	w, err := e.Watch(ctx, "k", 0)
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.Grant(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	const each = 20
	n := 0
	for i := range c.Members {
		c.Members[i].Kill()
		// A request in flight to the dead member may fail; then every
		// call must succeed within a short while.
		eventuallyCommits(t, e)
		for range each {
			n++
			rev := mustCommit(t, e, store.Put("k", []byte(fmt.Sprint(n))))
			if kv, err := e.Get(ctx, "k"); err != nil || kv.ModRevision != rev {
				t.Fatalf("Get after write %d: %+v, %v", n, kv, err)
			}
		}
		if err := e.KeepAlive(ctx, id); err != nil {
			t.Fatalf("KeepAlive without member %d: %v", i, err)
		}
		if _, _, err := e.List(ctx, ""); err != nil {
			t.Fatalf("List without member %d: %v", i, err)
		}
		expectValues(t, w, n-each+1, n)
		c.Restart(t, i)
	}
	if _, err := e.Grant(ctx, time.Minute); err != nil {
		t.Fatalf("Grant after the restarts: %v", err)
	}
}

func eventuallyCommits(t *testing.T, e *Engine) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		_, err := e.Commit(ctx, store.Txn{Then: []store.Op{store.Put("probe", []byte("x"))}})
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no write within 10s after losing a member: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// expectValues reads the puts of values from..to, in order, none missing
// and none repeated.
func expectValues(t *testing.T, w store.Watcher, from, to int) {
	t.Helper()
	for want := from; want <= to; {
		select {
		case evs, ok := <-w.Events():
			if !ok {
				t.Fatalf("watch closed: %v", w.Err())
			}
			for _, ev := range evs {
				if string(ev.KV.Value) != fmt.Sprint(want) {
					t.Fatalf("watch delivered %q, want %d", ev.KV.Value, want)
				}
				want++
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("watch stuck before value %d", want)
		}
	}
}

// The etcd client in go.mod and the server the tests run are one version.
func TestVersionsMatch(t *testing.T) {
	server, err := etcdtest.Version()
	if err != nil {
		t.Fatal(err)
	}
	client, err := etcdtest.Pinned("go.mod", "go.etcd.io/etcd/client/v3")
	if err != nil {
		t.Fatal(err)
	}
	if server != client {
		t.Fatalf("etcd server %s (tools/etcd/go.mod), client %s (go.mod)", server, client)
	}
}
