package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Node is a connected xDS client as GET /causeway/v1/xds/nodes answers it.
type Node struct {
	ID        string            `json:"id"`
	Role      string            `json:"role"`
	Namespace string            `json:"namespace,omitempty"`
	Gateway   string            `json:"gateway,omitempty"`
	Stream    string            `json:"stream"`
	Sent      map[string]string `json:"sent"`
	Acked     map[string]string `json:"acked"`
	// Nacks is each type's standing NACK, until the node ACKs a newer
	// version of it. Servers before it answer LastNack alone.
	Nacks       map[string]Nack `json:"nacks,omitempty"`
	LastNack    string          `json:"lastNack,omitempty"` // the last NACK of any type, "typeURL: error"
	ConnectedAt time.Time       `json:"connectedAt"`
}

// Nack is a node's refusal of one version of a type (for a delta stream,
// the version is the refused response's nonce).
type Nack struct {
	Version string    `json:"version"`
	Error   string    `json:"error"`
	At      time.Time `json:"at"`
}

// Nodes lists the connected xDS clients (Envoys and proxyless gRPC).
func (c *Client) Nodes(ctx context.Context) ([]Node, error) {
	var out struct {
		Data []Node `json:"data"`
	}
	if err := c.call(ctx, "GET", "/causeway/v1/xds/nodes", nil, nil, &out); err != nil {
		return nil, fmt.Errorf("list xDS nodes: %w", err)
	}
	return out.Data, nil
}

// Type URLs of the four xDS types proxy-status shows.
const (
	TypeCDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster"
	TypeLDS = "type.googleapis.com/envoy.config.listener.v3.Listener"
	TypeRDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration"
	TypeEDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment"
)

// Sync states of one xDS type of a node, as istioctl proxy-status names
// them.
const (
	Synced  = "SYNCED"   // the node ACKed the version last sent
	NotSent = "NOT SENT" // nothing of this type was sent
	Stale   = "STALE"    // sent, not ACKed yet
	Nacked  = "NACK"     // the node refused the version last sent
)

// SyncState answers the state of one type of n, and the node's error for
// a NACK. A NACK counts while the refused version is still the one last
// sent: once a newer one is sent the type is STALE until the node answers.
func (n Node) SyncState(typeURL string) (state, nackErr string) {
	sent, ok := n.Sent[typeURL]
	nack, nacked := n.Nack(typeURL)
	switch {
	case !ok:
		return NotSent, ""
	case nacked && (nack.Version == sent || nack.Version == ""):
		return Nacked, nack.Error
	case n.Acked[typeURL] == sent:
		return Synced, ""
	}
	return Stale, ""
}

// Nack answers the standing NACK of a type. From a server without Nacks
// it is read from LastNack, which names no version and outlives ACKs, so
// it counts only while the type is not ACKed at the version sent.
func (n Node) Nack(typeURL string) (Nack, bool) {
	if n.Nacks != nil {
		nack, ok := n.Nacks[typeURL]
		return nack, ok
	}
	msg, ok := strings.CutPrefix(n.LastNack, typeURL+": ")
	if !ok || n.Acked[typeURL] == n.Sent[typeURL] {
		return Nack{}, false
	}
	return Nack{Error: msg}, true
}

// TypeDump is the configuration of one type a node is given.
type TypeDump struct {
	TypeURL   string            `json:"typeUrl"`
	Resources []json.RawMessage `json:"resources"`
}

// ConfigDump reads what the server gives node, per type.
func (c *Client) ConfigDump(ctx context.Context, node string) ([]TypeDump, error) {
	var out struct {
		Configs []TypeDump `json:"configs"`
	}
	if err := c.call(ctx, "GET", "/causeway/v1/xds/config_dump", url.Values{"node": {node}}, nil, &out); err != nil {
		return nil, fmt.Errorf("config dump of %s: %w", node, err)
	}
	return out.Configs, nil
}
