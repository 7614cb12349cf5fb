// Package enginetest opens the storage engine a registry package's tests
// run on, chosen by the environment variable CAUSEWAY_TEST_STORE:
//
//	(unset), badger   an in-memory Badger engine per test (the default)
//	etcd              a 3-member etcd cluster shared by the test binary,
//	                  with a fresh key prefix per test
//
// so that one suite proves a package on both engines. A package using it
// has a TestMain calling Main, which stops the shared cluster at the end.
// On etcd the cluster keeps etcd's default --max-txn-ops (128): what users
// run.
//
// Tests that share a cluster share its revision counter, so a store's
// revisions advance by more than one when other tests write: a test must
// not expect consecutive revisions (the etcd engine's doc says the same of
// installations sharing a cluster).
package enginetest

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/etcd"
	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// Env names the variable that chooses the engine.
const Env = "CAUSEWAY_TEST_STORE"

// Engine is the engine chosen by Env: "badger" or "etcd".
func Engine() string {
	if e := os.Getenv(Env); e != "" {
		return e
	}
	return "badger"
}

// IsEtcd says whether the tests run on etcd, for the few tests that must
// know (one that reopens a Badger directory, say).
func IsEtcd() bool { return Engine() == "etcd" }

var (
	clusterOnce sync.Once
	cluster     *etcdtest.Cluster
	clusterErr  error
	prefixes    atomic.Int64
)

// Open answers a fresh, empty store on the chosen engine, closed when t
// ends. log receives the engine's own log; none when nil.
func Open(t testing.TB, log *slog.Logger) store.Store {
	t.Helper()
	var (
		st  store.Store
		err error
	)
	switch Engine() {
	case "badger":
		opts := badger.Options{InMemory: true}
		if log != nil {
			opts.Logger = log
		}
		st, err = badger.Open(opts)
	case "etcd":
		st, err = openEtcd(t)
	default:
		t.Fatalf("%s=%q: want badger or etcd", Env, Engine())
	}
	if err != nil {
		t.Fatalf("open %s store: %v", Engine(), err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func openEtcd(t testing.TB) (store.Store, error) {
	clusterOnce.Do(func() { cluster, clusterErr = etcdtest.StartShared(3) })
	if clusterErr != nil {
		t.Skipf("no etcd cluster: %v", clusterErr)
	}
	prefix := fmt.Sprintf("t%d/", prefixes.Add(1))
	return etcd.Open(etcd.Options{Endpoints: cluster.Endpoints(), Prefix: prefix})
}

// Main runs the package's tests and then stops the shared etcd cluster, if
// one was started; a package's TestMain is os.Exit(enginetest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if cluster != nil {
		cluster.Stop()
	}
	return code
}

// State answers a fingerprint of every key in st with its ModRevision, for
// tests that check a refused request wrote nothing: compare the State
// before and after. Comparing st.Revision() does not work on a shared etcd
// cluster, where other tests' writes advance it.
func State(t testing.TB, st store.Store) string {
	t.Helper()
	kvs, _, err := st.List(t.Context(), "")
	if err != nil {
		t.Fatalf("list the store: %v", err)
	}
	var b strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&b, "%s@%d\n", kv.Key, kv.ModRevision)
	}
	return b.String()
}
