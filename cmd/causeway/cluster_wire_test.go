package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// Two wired nodes on one store: each node's Nacos node lists name both,
// each in its own state, and each node's /metrics speaks for itself; when
// one closes, the other's lists drop it.
func TestWiredNodesListEachOther(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	node := func(id string) *app {
		cfg := defaults()
		cfg.Auth = false
		cfg.AdminPassword = "cluster-test-1"
		a, err := wire(context.Background(), cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.cluster.Join(context.Background(), cluster.Member{ID: id, Version: version, Started: time.Now().UnixMilli()}); err != nil {
			t.Fatal(err)
		}
		a.probe.SetReady(true)
		return a
	}
	a := node("10.0.0.1:8848")
	t.Cleanup(a.close)
	b := node("10.0.0.2:8848")
	bClosed := false
	t.Cleanup(func() {
		if !bClosed {
			b.close()
		}
	})
	get := func(x *app, path string) string {
		rec := httptest.NewRecorder()
		x.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Body.String()
	}
	const (
		v3List  = "/nacos/v3/admin/core/cluster/node/list"
		v1List  = "/nacos/v1/ns/operator/servers"
		v3Self  = "/nacos/v3/admin/core/cluster/node/self"
		metrics = "/metrics"
	)
	waitFor := func(x *app, path string, want ...string) {
		t.Helper()
		var body string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			body = get(x, path)
			if containsAll(body, want...) {
				return
			}
		}
		t.Fatalf("%s: want %q in %s", path, want, body)
	}
	for _, x := range []*app{a, b} {
		waitFor(x, v3List, `"ip":"10.0.0.1","port":8848,"state":"UP"`, `"ip":"10.0.0.2","port":8848,"state":"UP"`)
		waitFor(x, v1List, `"key":"10.0.0.1:8848"`, `"key":"10.0.0.2:8848"`)
	}
	waitFor(a, v3Self, `"address":"10.0.0.1:8848"`)
	waitFor(b, v3Self, `"address":"10.0.0.2:8848"`)
	waitFor(a, metrics, "causeway_cluster_members 2", `causeway_node_info{node="10.0.0.1:8848"`, "causeway_store_reachable 1")
	waitFor(b, metrics, `causeway_node_info{node="10.0.0.2:8848"`)
	b.close()
	bClosed = true
	waitFor(a, metrics, "causeway_cluster_members 1")
	if body := get(a, v3List); strings.Contains(body, "10.0.0.2") {
		t.Errorf("b still listed after it closed: %s", body)
	}
	if body := get(a, v1List); strings.Contains(body, "10.0.0.2") {
		t.Errorf("b still among the servers after it closed: %s", body)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
