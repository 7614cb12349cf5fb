package cluster

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// membersPrefix holds one record per live node.
const membersPrefix = "cluster/members/"

// Member is one node as the others see it.
type Member struct {
	// ID is the node's HTTP address, host:port.
	ID string `json:"id"`
	// NacosGRPC and XDS are the node's other listening addresses.
	NacosGRPC string `json:"nacosGrpc,omitempty"`
	XDS       string `json:"xds,omitempty"`
	Version   string `json:"version,omitempty"`
	// Started is when the node started, unix milliseconds.
	Started int64 `json:"started"`
}

// Host and Port split the node's HTTP address.
func (m Member) Host() string {
	h, _, _ := net.SplitHostPort(m.ID)
	return h
}

// Port is the node's HTTP port.
func (m Member) Port() int {
	_, p, _ := net.SplitHostPort(m.ID)
	n, _ := strconv.Atoi(p)
	return n
}

func memberKey(id string) string { return membersPrefix + id }

func decodeMember(key string, value []byte) (Member, error) {
	var m Member
	if err := json.Unmarshal(value, &m); err != nil {
		return Member{}, fmt.Errorf("member record %s: %w", key, err)
	}
	if m.ID != strings.TrimPrefix(key, membersPrefix) {
		return Member{}, fmt.Errorf("member record %s names %q", key, m.ID)
	}
	return m, nil
}

// validID refuses an id other nodes could not reach.
func validID(id string) error {
	host, port, err := net.SplitHostPort(id)
	if err != nil {
		return fmt.Errorf("node id %q is not host:port: %w", id, err)
	}
	if host == "" {
		return fmt.Errorf("node id %q has no host", id)
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return fmt.Errorf("node id %q names no host other nodes can reach", id)
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return fmt.Errorf("node id %q has no valid port", id)
	}
	return nil
}
