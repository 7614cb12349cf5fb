package nacosgrpc

import (
	"context"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// ConnInfo describes one open connection for the admin API (Nacos's
// ConnectionMetaInfo): what its client said when it set it up, where it
// comes from and when it was last heard of.
type ConnInfo struct {
	ID         string
	ClientIP   string // as the client reported it
	RemoteIP   string
	RemotePort int
	LocalPort  int
	Version    string
	Namespace  string
	AppName    string
	Labels     map[string]string
	Created    time.Time
	LastActive time.Time
	SetUp      bool // the client sent ConnectionSetupRequest
}

// SDK says whether the connection comes from a client SDK (label
// source=sdk), which Nacos counts apart from its cluster's own.
func (c ConnInfo) SDK() bool { return c.Labels["source"] == "sdk" }

// Connections answers every open connection.
func (s *Server) Connections() []ConnInfo {
	conns := s.connections()
	out := make([]ConnInfo, 0, len(conns))
	for _, c := range conns {
		out = append(out, c.info())
	}
	return out
}

func (c *Conn) info() ConnInfo {
	ci := ConnInfo{ID: c.ID, RemoteIP: c.RemoteIP, RemotePort: c.RemotePort,
		LastActive: time.UnixMilli(c.lastActive.Load()), Labels: map[string]string{}}
	if ms, _, ok := strings.Cut(c.ID, "_"); ok { // <ms>_<ip>_<port>
		if v, err := strconv.ParseInt(ms, 10, 64); err == nil {
			ci.Created = time.UnixMilli(v)
		}
	}
	c.mu.Lock()
	if c.netConn != nil {
		if tcp, ok := c.netConn.LocalAddr().(*net.TCPAddr); ok {
			ci.LocalPort = tcp.Port
		}
	}
	setup := c.setup
	c.mu.Unlock()
	if setup != nil {
		ci.SetUp = true
		ci.ClientIP, ci.Version, ci.Namespace = setup.ClientIP, setup.Version, setup.Tenant
		for k, v := range setup.Labels {
			ci.Labels[k] = v
		}
		ci.AppName = setup.Labels["AppName"]
	}
	return ci
}

// connectReset is Nacos's ConnectResetRequest: the client reconnects, to
// serverIp:serverPort when given, else to a server of its list.
type connectReset struct {
	serverRequest
	ServerIP     string `json:"serverIp,omitempty"`
	ServerPort   string `json:"serverPort,omitempty"`
	ConnectionID string `json:"connectionId"`
}

// ResetConn asks the client of connection id to reconnect (Nacos's
// ConnectResetRequest), to redirect ("ip:port") when given, and waits for
// its acknowledgement. An unknown connection is KindNotFound; one that
// does not acknowledge in time is KindInternal.
func (s *Server) ResetConn(ctx context.Context, id, redirect string) error {
	c := s.conn(id)
	if c == nil || c.Setup() == nil {
		return registry.Errorf(registry.KindNotFound, "connection %s not found", id)
	}
	req := connectReset{ConnectionID: id}
	if ip, port, ok := strings.Cut(redirect, ":"); ok {
		req.ServerIP, req.ServerPort = ip, port
	}
	rid := s.nextID()
	req.serverRequest = serverRequest{RequestID: rid, Module: "internal", Headers: map[string]string{}}
	p, err := encode("ConnectResetRequest", req)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	c.push(p, rid, 3*time.Second, func(a ack, err error) {
		if err == nil && !a.ok() {
			err = registry.Errorf(registry.KindInternal, "the client answered code %d", a.ResultCode)
		}
		done <- err
	})
	select {
	case err := <-done:
		if err != nil {
			return registry.Errorf(registry.KindInternal, "reset of connection %s: %v", id, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
