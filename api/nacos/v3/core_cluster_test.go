package v3

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/cluster"
	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
	"github.com/causeway-dev/causeway/registry/store"
)

const nodeA, nodeB = "10.0.0.1:8848", "10.0.0.2:9848"

// twoNodes is a fixture whose core section is node A of two real members
// sharing its store; leaveB closes node B.
func twoNodes(t *testing.T) (f *coreFixture, a *cluster.Cluster, leaveB func()) {
	t.Helper()
	f = newCoreFixtureWith(t, func(st store.Store) nacoswire.Cluster {
		a, _ = clustertest.Join(t, st, nodeA, "9.9.9")
		_, leaveB = clustertest.Join(t, st, nodeB, "9.9.8")
		return a
	})
	clustertest.WaitMembers(t, a, nodeA, nodeB)
	return f, a, leaveB
}

func (f *coreFixture) nodes(query string) []member {
	f.t.Helper()
	a := f.do("GET", cb+"/cluster/node/list?"+query, nil, "")
	var nodes []member
	if err := json.Unmarshal(a.Data, &nodes); err != nil || a.Code != 0 {
		f.t.Fatalf("node list %s: %d %s", query, a.Code, a.Data)
	}
	return nodes
}

func addresses(ms []member) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Address+"="+m.State)
	}
	return strings.Join(out, " ")
}

// The node list is the store's members, each in Nacos's Member shape; the
// filters run over all of them; a member that leaves leaves the list.
func TestNodeListOfMembers(t *testing.T) {
	f, a, leaveB := twoNodes(t)
	all := f.nodes("")
	if got := addresses(all); got != nodeA+"=UP "+nodeB+"=UP" {
		t.Fatalf("nodes %s", got)
	}
	b := all[1]
	if b.IP != "10.0.0.2" || b.Port != 9848 || b.ExtendInfo["version"] != "9.9.8" ||
		b.ExtendInfo["startTime"].(float64) <= 0 || b.ExtendInfo["lastRefreshTime"].(float64) <= 0 {
		t.Errorf("member b %+v", b)
	}
	for _, raft := range []string{"raftPort", "raftMetaData"} {
		if _, ok := b.ExtendInfo[raft]; ok {
			t.Errorf("extendInfo has %s: Causeway runs no Raft group", raft)
		}
	}
	cases := []struct{ query, want string }{
		{"address=10.0.0.", nodeA + "=UP " + nodeB + "=UP"},
		{"address=10.0.0.2", nodeB + "=UP"},
		{"address=10.9.", ""},
		{"state=up", nodeA + "=UP " + nodeB + "=UP"},
		{"state=STARTING", ""},
		{"state=DOWN&address=10.0.0.1", ""},
		{"state=UP&address=10.0.0.1", nodeA + "=UP"},
	}
	for _, tc := range cases {
		if got := addresses(f.nodes(tc.query)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
		}
	}
	var self member
	_ = json.Unmarshal(f.do("GET", cb+"/cluster/node/self", nil, "").Data, &self)
	if self.Address != nodeA || self.State != "UP" || self.ExtendInfo["version"] != "9.9.9" {
		t.Errorf("self %+v", self)
	}
	f.ready = false
	if got := addresses(f.nodes("")); got != nodeA+"=STARTING "+nodeB+"=UP" {
		t.Errorf("not ready: %s", got)
	}
	f.ready = true
	var loader serverLoaderMetrics
	_ = json.Unmarshal(f.do("GET", cb+"/loader/cluster", nil, "").Data, &loader)
	if loader.MemberCount != 2 || loader.MetricsCount != 1 || loader.Completed || loader.Detail[0].Address != nodeA {
		t.Errorf("loader %+v", loader)
	}
	leaveB()
	clustertest.WaitMembers(t, a, nodeA)
	if got := addresses(f.nodes("")); got != nodeA+"=UP" {
		t.Errorf("after b left: %s", got)
	}
}

// Bad filters and the write routes answer the same with members as without.
func TestNodeRoutesBadInput(t *testing.T) {
	f, _, _ := twoNodes(t)
	cases := []struct {
		name, method, path string
		q                  url.Values
		body               string
		status, code       int
		msg                string
	}{
		{"bad state", "GET", "/cluster/node/list", kv("state", "sleepy"), "", 400, 23000, "Illegal state"},
		{"blank state lists all", "GET", "/cluster/node/list", kv("state", " "), "", 200, 0, nodeB},
		{"update", "PUT", "/cluster/node/list", nil, `[{"ip":"10.0.0.3","port":8848}]`, 501, 40001, "through the store they share"},
		{"update empty", "PUT", "/cluster/node/list", nil, "[]", 400, 10000, "nodes"},
		{"lookup address", "PUT", "/cluster/lookup", kv("type", "address"), "", 501, 40001, "lookup address does not apply"},
		{"lookup unknown", "PUT", "/cluster/lookup", kv("type", "dns"), "", 400, 20002, "dns"},
	}
	for _, tc := range cases {
		a := f.do(tc.method, cb+tc.path, tc.q, tc.body)
		if a.Status != tc.status || a.Code != tc.code || !strings.Contains(a.Message+string(a.Data), tc.msg) {
			t.Errorf("%s: %d %d %s %s", tc.name, a.Status, a.Code, a.Message, a.Data)
		}
	}
}
