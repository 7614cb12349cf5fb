package main

import (
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// Each node's gauges speak for its own process: the members it sees, its
// store, and its own id.
func TestClusterMetrics(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	a, _ := clustertest.Join(t, st, "10.0.0.1:8848", "1.2.3")
	b, leaveB := clustertest.Join(t, st, "10.0.0.2:8848", "1.2.3")
	clustertest.WaitMembers(t, a, "10.0.0.1:8848", "10.0.0.2:8848")
	clustertest.WaitMembers(t, b, "10.0.0.1:8848", "10.0.0.2:8848")
	scrape := func(node string, members int) string {
		return `
# HELP causeway_cluster_members Live members of the cluster as this node sees them (its own record included).
# TYPE causeway_cluster_members gauge
causeway_cluster_members ` + strconv.Itoa(members) + `
# HELP causeway_node_info Always 1: this node's id (its HTTP address) and version, once it has joined.
# TYPE causeway_node_info gauge
causeway_node_info{node="` + node + `",version="1.2.3"} 1
# HELP causeway_store_reachable 1 when the store answered this node's quorum read in the last 3 s, else 0 (then /readyz fails).
# TYPE causeway_store_reachable gauge
causeway_store_reachable 1
`
	}
	check := func(name string, c prometheus.Collector, want string) {
		t.Helper()
		if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	check("a", newClusterCollector(a), scrape("10.0.0.1:8848", 2))
	check("b", newClusterCollector(b), scrape("10.0.0.2:8848", 2))
	leaveB()
	clustertest.WaitMembers(t, a, "10.0.0.1:8848")
	check("a after b left", newClusterCollector(a), scrape("10.0.0.1:8848", 1))
}
