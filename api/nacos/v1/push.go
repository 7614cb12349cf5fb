package v1

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Push protocol of Nacos 1 clients: a JSON datagram {type, data,
// lastRefTime}, gzipped when large, answered by {"type":"push-ack",
// "lastRefTime":...}. Unacknowledged pushes are sent again a few times;
// clients poll anyway, so a lost push only delays them.
const (
	pushRetryAfter = time.Second
	pushMaxTries   = 3
	pushGzipOver   = 1024
	maxDatagram    = 65507
)

type pushMsg struct {
	Type        string `json:"type"`
	Data        string `json:"data"`
	LastRefTime int64  `json:"lastRefTime"`
}

type pending struct {
	addr    *net.UDPAddr
	payload []byte
	sent    time.Time
	tries   int
}

// pusher sends each change of a service to its UDP subscribers.
type pusher struct {
	conn    *net.UDPConn
	reg     *naming.Registry
	h       *handler
	log     *slog.Logger
	mu      sync.Mutex
	unacked map[int64]*pending
	lastID  int64
}

func startPusher(conn *net.UDPConn, reg *naming.Registry, h *handler, log *slog.Logger) *pusher {
	p := &pusher{conn: conn, reg: reg, h: h, log: log, unacked: map[int64]*pending{}}
	l := reg.Listen()
	go p.readAcks()
	go p.run(l)
	return p
}

// run pushes until the socket closes.
func (p *pusher) run(l *naming.Listener) {
	defer l.Close()
	tick := time.NewTicker(pushRetryAfter)
	defer tick.Stop()
	for {
		select {
		case <-l.Wake():
			for _, k := range l.Drain() {
				p.pushService(k)
			}
		case <-tick.C:
			if !p.retry() {
				return
			}
		}
	}
}

func (p *pusher) pushService(k naming.ServiceKey) {
	sw, err := p.reg.GetSwitches(context.Background())
	if err != nil || !sw.PushEnabled {
		return
	}
	for _, sub := range p.reg.Subscribers(k, naming.ClientFilter{}) {
		if sub.Conn != "" || sub.Port <= 0 || sub.PushIP == "" {
			continue // a gRPC subscriber hears over its connection
		}
		lk := listKey{svc: k, clusters: sub.Cluster, cacheMillis: sw.DefaultPushCacheMillis}
		body, err := p.h.serviceInfo(lk, nacoswire.SplitClusters(sub.Cluster))
		if err != nil {
			p.log.Warn("render push", "service", k.String(), "err", err)
			continue
		}
		addr := &net.UDPAddr{IP: net.ParseIP(sub.PushIP), Port: sub.Port}
		if addr.IP == nil {
			continue
		}
		p.send(addr, body)
	}
}

func (p *pusher) send(addr *net.UDPAddr, body []byte) {
	p.mu.Lock()
	id := max(time.Now().UnixNano(), p.lastID+1) // unique: acks name it
	p.lastID = id
	p.mu.Unlock()
	payload, err := encodePush(pushMsg{Type: "dom", Data: string(body), LastRefTime: id})
	if err != nil || len(payload) > maxDatagram {
		p.log.Warn("push too large for a datagram; the client will poll", "to", addr.String(), "bytes", len(payload))
		return
	}
	if _, err := p.conn.WriteToUDP(payload, addr); err != nil {
		p.log.Debug("push failed", "to", addr.String(), "err", err)
	}
	p.mu.Lock()
	p.unacked[id] = &pending{addr: addr, payload: payload, sent: time.Now(), tries: 1}
	p.mu.Unlock()
}

func encodePush(m pushMsg) ([]byte, error) {
	raw, err := json.Marshal(m)
	if err != nil || len(raw) <= pushGzipOver {
		return raw, err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// retry resends what was not acknowledged in time; false once the socket
// is closed.
func (p *pusher) retry() bool {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, u := range p.unacked {
		if now.Sub(u.sent) < pushRetryAfter {
			continue
		}
		if u.tries >= pushMaxTries {
			delete(p.unacked, id)
			continue
		}
		u.tries++
		u.sent = now
		if _, err := p.conn.WriteToUDP(u.payload, u.addr); errors.Is(err, net.ErrClosed) {
			return false
		}
	}
	return true
}

type pushAck struct {
	Type        string `json:"type"`
	LastRefTime string `json:"lastRefTime"`
}

func (p *pusher) readAcks() {
	buf := make([]byte, maxDatagram)
	for {
		n, _, err := p.conn.ReadFromUDP(buf)
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		var ack pushAck
		if json.Unmarshal(buf[:n], &ack) != nil {
			continue
		}
		id, err := strconv.ParseInt(ack.LastRefTime, 10, 64)
		if err != nil {
			continue
		}
		p.mu.Lock()
		delete(p.unacked, id)
		p.mu.Unlock()
	}
}
