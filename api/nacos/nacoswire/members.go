package nacoswire

import (
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/registry/cluster"
)

// Nacos's NodeState values.
const (
	NodeStarting = "STARTING"
	NodeUp       = "UP"
	NodeDown     = "DOWN"
)

// Cluster is what the node lists read of registry/cluster: the live
// members, this node, and whether the store answers it.
type Cluster interface {
	Members() []cluster.Member
	Self() cluster.Member
	Reachable() bool
}

// Node is one member with the NodeState the Nacos APIs give it.
type Node struct {
	cluster.Member
	State string
}

// Nodes are the members of c, by id, each with its state. Another member
// is UP: its record is there only while its lease holds. This node knows
// more of itself: DOWN while the store does not answer it (it can serve no
// write, and /readyz says so), STARTING until ready says it serves. This
// node is listed even when its own record is not (yet) in the view, so a
// node that lost the store still shows itself, DOWN. Nodes answers nil
// when c is nil or this node has not joined.
func Nodes(c Cluster, ready func() bool) []Node {
	if c == nil {
		return nil
	}
	self := c.Self()
	if self.ID == "" {
		return nil
	}
	selfState := NodeUp
	switch {
	case !c.Reachable():
		selfState = NodeDown
	case ready != nil && !ready():
		selfState = NodeStarting
	}
	members := c.Members()
	out := make([]Node, 0, len(members)+1)
	seen := false
	for _, m := range members {
		if m.ID == self.ID {
			out = append(out, Node{Member: self, State: selfState})
			seen = true
			continue
		}
		out = append(out, Node{Member: m, State: NodeUp})
	}
	if !seen {
		if selfState == NodeUp {
			selfState = NodeStarting // joining: the watch has not shown the record yet
		}
		out = insertByID(out, Node{Member: self, State: selfState})
	}
	return out
}

// SelfNode is this node with its state, as Nodes gives it; ok is false
// when c is nil or this node has not joined.
func SelfNode(c Cluster, ready func() bool) (Node, bool) {
	if c == nil || c.Self().ID == "" {
		return Node{}, false
	}
	id := c.Self().ID
	for _, n := range Nodes(c, ready) {
		if n.ID == id {
			return n, true
		}
	}
	return Node{}, false
}

func insertByID(nodes []Node, n Node) []Node {
	i, _ := slices.BinarySearchFunc(nodes, n.ID, func(x Node, id string) int { return strings.Compare(x.ID, id) })
	return slices.Insert(nodes, i, n)
}
