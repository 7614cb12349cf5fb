package xds

import (
	"sort"
	"sync"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"

	"github.com/causeway-dev/causeway/controlplane/translate"
)

// Stream kinds.
const (
	KindSotW  = "sotw"
	KindDelta = "delta"
)

// NodeStatus is what Causeway knows of one connected client.
type NodeStatus struct {
	ID        string            `json:"id"`
	Role      string            `json:"role"`
	Namespace string            `json:"namespace,omitempty"` // the node's scope, for proxy-status
	Gateway   string            `json:"gateway,omitempty"`   // a gateway node's gateway id
	Stream    string            `json:"stream"`
	Sent      map[string]string `json:"sent"`  // type URL -> version
	Acked     map[string]string `json:"acked"` // type URL -> version
	// Nacks holds, per type URL, the node's refusal of the version last
	// sent of that type, until it ACKs a newer one.
	Nacks map[string]Nack `json:"nacks"`
	// LastNack is the last NACK of any type, as "typeURL: error", kept
	// after later ACKs and NACKs of other types hide or settle it; it is
	// there for clients older than Nacks, which should read Nacks instead.
	LastNack    string    `json:"lastNack,omitempty"`
	ConnectedAt time.Time `json:"connectedAt"`
}

type nodeState struct {
	node      translate.Node
	proto     *corev3.Node
	streams   int
	status    NodeStatus
	sentNonce map[string]string // type URL -> nonce of the response last sent
}

// streamKey names one xDS stream. go-control-plane numbers state-of-the-world
// and delta streams each from 1, so an id alone names two streams once both
// kinds are connected.
type streamKey struct {
	kind string
	id   int64
}

// registry of connected nodes, by node id; streams map to their node.
type nodes struct {
	mu      sync.Mutex
	byID    map[string]*nodeState
	streams map[streamKey]string
}

func newNodes() *nodes {
	return &nodes{byID: map[string]*nodeState{}, streams: map[streamKey]string{}}
}

// attach records that stream belongs to node and answers whether the node
// is new (its first stream).
func (ns *nodes) attach(stream streamKey, n translate.Node, p *corev3.Node) bool {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if _, ok := ns.streams[stream]; ok {
		return false
	}
	ns.streams[stream] = n.ID
	st, ok := ns.byID[n.ID]
	if !ok {
		st = &nodeState{node: n, proto: p, sentNonce: map[string]string{}, status: NodeStatus{ID: n.ID, Role: n.Role,
			Namespace: n.Namespace, Gateway: n.GatewayID, Stream: stream.kind, Sent: map[string]string{},
			Acked: map[string]string{}, Nacks: map[string]Nack{}, ConnectedAt: time.Now()}}
		ns.byID[n.ID] = st
	}
	st.streams++
	return !ok
}

// known reports whether the stream already has its node.
func (ns *nodes) known(stream streamKey) bool {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	_, ok := ns.streams[stream]
	return ok
}

// detach forgets a stream and answers the node when it was the node's
// last stream.
func (ns *nodes) detach(stream streamKey) (translate.Node, bool) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	id, ok := ns.streams[stream]
	if !ok {
		return translate.Node{}, false
	}
	delete(ns.streams, stream)
	st := ns.byID[id]
	st.streams--
	if st.streams > 0 {
		return st.node, false
	}
	delete(ns.byID, id)
	return st.node, true
}

// node answers a connected node by id.
func (ns *nodes) node(id string) (translate.Node, bool) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	st, ok := ns.byID[id]
	if !ok {
		return translate.Node{}, false
	}
	return st.node, true
}

func (ns *nodes) update(stream streamKey, f func(*nodeState)) {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	if st := ns.byID[ns.streams[stream]]; st != nil {
		f(st)
	}
}

// statuses answers a copy of every node's status, by id.
func (ns *nodes) statuses() []NodeStatus {
	ns.mu.Lock()
	defer ns.mu.Unlock()
	out := make([]NodeStatus, 0, len(ns.byID))
	for _, st := range ns.byID {
		s := st.status
		s.Sent, s.Acked = copyMap(s.Sent), copyMap(s.Acked)
		s.Nacks = make(map[string]Nack, len(st.status.Nacks))
		for k, v := range st.status.Nacks {
			s.Nacks[k] = v
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
