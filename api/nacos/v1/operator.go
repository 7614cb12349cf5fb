package v1

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/cluster"
)

// metricsJSON is the answer of operator/metrics: Nacos 2.5's fields plus
// the seed's responsibleServiceCount. A standalone node is responsible for
// everything.
type metricsJSON struct {
	Status                      string          `json:"status"`
	ServiceCount                int             `json:"serviceCount"`
	InstanceCount               int             `json:"instanceCount"`
	SubscribeCount              int             `json:"subscribeCount"`
	ResponsibleServiceCount     int             `json:"responsibleServiceCount"`
	ResponsibleInstanceCount    int             `json:"responsibleInstanceCount"`
	ClientCount                 int             `json:"clientCount"`
	ConnectionBasedClientCount  int             `json:"connectionBasedClientCount"`
	EphemeralIPPortClientCount  int             `json:"ephemeralIpPortClientCount"`
	PersistentIPPortClientCount int             `json:"persistentIpPortClientCount"`
	ResponsibleClientCount      int             `json:"responsibleClientCount"`
	CPU                         nacoswire.Float `json:"cpu"`
	Load                        nacoswire.Float `json:"load"`
	Mem                         nacoswire.Float `json:"mem"`
}

type statusJSON struct {
	Status string `json:"status"`
}

// metrics: GET operator/metrics answers only the status unless onlyStatus
// is given and not "true" (OperatorController reads it with
// Boolean.parseBoolean, default true). Health probes poll it; the counts
// cost a walk over every client.
func (h *handler) metrics(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	onlyStatus, _ := p.Bool("onlyStatus", true, false) // lenient: cannot fail
	status, err := h.serverStatus(r)
	if err != nil {
		return err
	}
	if onlyStatus {
		return writeJackson(w, statusJSON{Status: status})
	}
	m := metricsJSON{Status: status}
	m.ServiceCount, m.InstanceCount = h.reg.Counts()
	m.ResponsibleServiceCount, m.ResponsibleInstanceCount = m.ServiceCount, m.InstanceCount
	h.countClients(&m)
	m.CPU, m.Load, m.Mem = nacoswire.Float(h.cpu.usage()), nacoswire.Float(loadAverage()), nacoswire.Float(memoryUsage())
	return writeJackson(w, m)
}

// serverStatus is "UP" unless the overriddenServerStatus switch says
// otherwise, as Nacos's ServerStatusManager does.
func (h *handler) serverStatus(r *http.Request) (string, error) {
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return "", err
	}
	var overridden string
	if raw, ok := sw.Other["overriddenServerStatus"]; ok {
		_ = json.Unmarshal(raw, &overridden) // stored by updateSwitch as a string
	}
	if overridden != "" {
		return overridden, nil
	}
	return "UP", nil
}

func (h *handler) countClients(m *metricsJSON) {
	for _, id := range h.reg.ClientIDs() {
		m.ClientCount++
		m.SubscribeCount += len(h.reg.Subscribed(id))
		switch {
		case !strings.Contains(id, "#"):
			m.ConnectionBasedClientCount++
		case strings.HasSuffix(id, "#false"):
			m.PersistentIPPortClientCount++
		default:
			m.EphemeralIPPortClientCount++
		}
	}
	m.ResponsibleClientCount = m.ClientCount
}

// serverJSON is one member in the seed's operator/servers shape.
type serverJSON struct {
	IP             string  `json:"ip"`
	ServePort      int     `json:"servePort"`
	Site           string  `json:"site"`
	Weight         float64 `json:"weight"`
	AdWeight       float64 `json:"adWeight"`
	Alive          bool    `json:"alive"`
	LastRefTime    int64   `json:"lastRefTime"`
	LastRefTimeStr *string `json:"lastRefTimeStr"`
	Key            string  `json:"key"`
}

type serversJSON struct {
	Servers []serverJSON `json:"servers"`
}

// servers: GET operator/servers answers the cluster's members (healthy:
// only those UP), or this node alone when the dialect has no cluster.
func (h *handler) servers(w http.ResponseWriter, _ *http.Request, p httpx.Params) error {
	healthy, err := boolParam(p, "healthy", false)
	if err != nil {
		return err
	}
	out := []serverJSON{}
	now := nowMillis()
	for _, n := range h.nodes() {
		if healthy && n.State != nacoswire.NodeUp {
			continue
		}
		out = append(out, serverJSON{IP: n.Host(), ServePort: n.Port(), Site: "unknown", Weight: 1,
			Alive: n.State == nacoswire.NodeUp, LastRefTime: now, Key: n.ID})
	}
	return writeJackson(w, serversJSON{Servers: out})
}

// nodes are the members with their states; without a cluster, this node
// at ServerAddr, UP.
func (h *handler) nodes() []nacoswire.Node {
	if ns := nacoswire.Nodes(h.opts.Cluster, h.opts.Ready); ns != nil {
		return ns
	}
	ip, port := h.self()
	return []nacoswire.Node{{Member: cluster.Member{ID: net.JoinHostPort(ip, strconv.Itoa(port))}, State: nacoswire.NodeUp}}
}

// raftLeaderState is the leader record the seed shows, JSON inside JSON.
type raftLeaderState struct {
	HeartbeatDueMs int64  `json:"heartbeatDueMs"`
	IP             string `json:"ip"`
	LeaderDueMs    int64  `json:"leaderDueMs"`
	State          string `json:"state"`
	Term           int64  `json:"term"`
	VoteFor        string `json:"voteFor"`
}

// raftLeader: GET raft/leader. Causeway runs no Raft group of its own (the
// store is the consensus): the answering node names itself, as a standalone
// Nacos does.
func (h *handler) raftLeader(w http.ResponseWriter, _ *http.Request, _ httpx.Params) error {
	ip, port := h.self()
	addr := net.JoinHostPort(ip, strconv.Itoa(port))
	state, err := json.Marshal(raftLeaderState{
		HeartbeatDueMs: 5000, IP: addr, LeaderDueMs: 15000, State: "LEADER", Term: 1, VoteFor: addr,
	})
	if err != nil {
		return errInternal(err.Error())
	}
	return writeJackson(w, map[string]string{"leader": string(state)})
}

// self answers the advertised address: ServerAddr, with 127.0.0.1 for a
// missing or wildcard host and Nacos's 8848 for a missing port.
func (h *handler) self() (string, int) {
	host, portText, err := net.SplitHostPort(h.opts.ServerAddr)
	if err != nil {
		host, portText = h.opts.ServerAddr, ""
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port <= 0 {
		port = 8848
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return host, port
}

func nowMillis() int64 { return time.Now().UnixMilli() }
