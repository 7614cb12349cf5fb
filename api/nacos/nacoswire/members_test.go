package nacoswire

import (
	"fmt"
	"testing"

	"github.com/causeway-dev/causeway/registry/cluster"
)

// fixedCluster is a membership frozen in one state, for the states only a
// failing store would otherwise show (registry/cluster's own tests and the
// dialects' run real members).
type fixedCluster struct {
	members   []string
	self      string
	reachable bool
}

func (f fixedCluster) Members() []cluster.Member {
	out := make([]cluster.Member, len(f.members))
	for i, id := range f.members {
		out[i] = cluster.Member{ID: id}
	}
	return out
}
func (f fixedCluster) Self() cluster.Member { return cluster.Member{ID: f.self, Version: "self"} }
func (f fixedCluster) Reachable() bool      { return f.reachable }

func TestNodes(t *testing.T) {
	const a, b, c = "10.0.0.1:8848", "10.0.0.2:8848", "10.0.0.3:8848"
	cases := []struct {
		name    string
		c       Cluster
		ready   bool
		want    string // id=state ...
		selfWas string
	}{
		{"no cluster", nil, true, "[]", ""},
		{"not joined", fixedCluster{members: []string{a}, reachable: true}, true, "[]", ""},
		{"ready", fixedCluster{members: []string{a, b}, self: b, reachable: true}, true, "[10.0.0.1:8848=UP 10.0.0.2:8848=UP]", "UP"},
		{"starting", fixedCluster{members: []string{a, b}, self: b, reachable: true}, false, "[10.0.0.1:8848=UP 10.0.0.2:8848=STARTING]", "STARTING"},
		{"store lost", fixedCluster{members: []string{a, b}, self: a}, true, "[10.0.0.1:8848=DOWN 10.0.0.2:8848=UP]", "DOWN"},
		{"own record not seen yet", fixedCluster{members: []string{a, c}, self: b, reachable: true}, true,
			"[10.0.0.1:8848=UP 10.0.0.2:8848=STARTING 10.0.0.3:8848=UP]", "STARTING"},
		{"own record gone, store lost", fixedCluster{members: []string{a}, self: b}, true, "[10.0.0.1:8848=UP 10.0.0.2:8848=DOWN]", "DOWN"},
	}
	for _, tc := range cases {
		ready := func() bool { return tc.ready }
		got := []string{}
		for _, n := range Nodes(tc.c, ready) {
			got = append(got, n.ID+"="+n.State)
			if n.ID == tc.c.Self().ID && n.Version != "self" {
				t.Errorf("%s: this node listed from its record, not from Self", tc.name)
			}
		}
		if s := fmt.Sprint(got); s != tc.want {
			t.Errorf("%s: nodes %s, want %s", tc.name, s, tc.want)
		}
		self, ok := SelfNode(tc.c, ready)
		if ok != (tc.selfWas != "") || self.State != tc.selfWas {
			t.Errorf("%s: self %v %v, want %q", tc.name, self, ok, tc.selfWas)
		}
	}
}
