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
	ID          string            `json:"id"`
	Role        string            `json:"role"`
	Namespace   string            `json:"namespace,omitempty"`
	Gateway     string            `json:"gateway,omitempty"`
	Stream      string            `json:"stream"`
	Sent        map[string]string `json:"sent"`
	Acked       map[string]string `json:"acked"`
	LastNack    string            `json:"lastNack,omitempty"`
	ConnectedAt time.Time         `json:"connectedAt"`
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
// a NACK. A NACK counts only while the refused version is still the one
// sent unacknowledged: the server keeps the last NACK after a later ACK.
func (n Node) SyncState(typeURL string) (state, nackErr string) {
	sent, ok := n.Sent[typeURL]
	switch {
	case !ok:
		return NotSent, ""
	case n.Acked[typeURL] == sent:
		return Synced, ""
	}
	if msg, ok := strings.CutPrefix(n.LastNack, typeURL+": "); ok {
		return Nacked, msg
	}
	return Stale, ""
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
