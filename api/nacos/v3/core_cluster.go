package v3

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
)

// member is Nacos's Member (NacosMember on the SDK's side).
type member struct {
	IP         string         `json:"ip"`
	Port       int            `json:"port"`
	State      string         `json:"state"`
	ExtendInfo map[string]any `json:"extendInfo"`
	Address    string         `json:"address"`
}

// nodeStates are Nacos's NodeState values.
var nodeStates = map[string]bool{"STARTING": true, "UP": true, "SUSPICIOUS": true, "DOWN": true, "ISOLATION": true}

// nodes are the members as Nacos lists them: the live members of the
// cluster (nacoswire.Nodes gives each its state) or, without one, this
// process alone.
func (a *api) nodes(r *http.Request) []member {
	ns := nacoswire.Nodes(a.deps.Core.Cluster, a.deps.Core.Ready)
	if ns == nil {
		return []member{a.requestSelf(r)}
	}
	now := time.Now().UnixMilli()
	out := make([]member, len(ns))
	for i, n := range ns {
		out[i] = memberOf(n, now)
	}
	return out
}

// memberOf renders one member. lastRefreshTime is now: a member is listed
// only while its lease holds. Causeway runs no Raft group of its own (the
// store is the consensus), so the raft fields (raftPort, raftMetaData)
// are left out rather than made up.
func memberOf(n nacoswire.Node, now int64) member {
	return member{IP: n.Host(), Port: n.Port(), State: n.State, Address: n.ID,
		ExtendInfo: map[string]any{"version": n.Version, "startTime": n.Started, "lastRefreshTime": now,
			"readyToUpgrade": true, "site": "unknown", "weight": 1, "adWeight": 0}}
}

// requestSelf is this process as a member when there is no cluster to ask:
// the address the client reached it on (or the one --http-addr names), UP
// once ready, STARTING before.
func (a *api) requestSelf(r *http.Request) member {
	host := ""
	if h, _, err := net.SplitHostPort(a.deps.Core.HTTPAddr); err == nil {
		host = h
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = ""
		if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			if h, _, err := net.SplitHostPort(la.String()); err == nil {
				host = h
			}
		}
	}
	if host == "" {
		host = "127.0.0.1"
	}
	state := nacoswire.NodeUp
	if ready := a.deps.Core.Ready; ready != nil && !ready() {
		state = nacoswire.NodeStarting
	}
	port := a.port()
	return member{IP: host, Port: port, State: state, Address: net.JoinHostPort(host, strconv.Itoa(port)),
		ExtendInfo: map[string]any{"version": a.deps.Core.Version, "readyToUpgrade": true,
			"lastRefreshTime": time.Now().UnixMilli(), "startTime": a.deps.Core.Started.UnixMilli()}}
}

// self is this node as a member.
func (a *api) self(r *http.Request) member {
	if n, ok := nacoswire.SelfNode(a.deps.Core.Cluster, a.deps.Core.Ready); ok {
		return memberOf(n, time.Now().UnixMilli())
	}
	return a.requestSelf(r)
}

func (a *api) nodeSelf(r *http.Request, _ httpx.Params) (any, error) { return a.self(r), nil }

// nodeList answers the members whose address starts with address and
// whose state is state.
func (a *api) nodeList(r *http.Request, p httpx.Params) (any, error) {
	state := strings.ToUpper(strings.TrimSpace(p.Get("state")))
	if state != "" && !nodeStates[state] {
		return nil, nacosresult.IllegalState("Illegal state: " + p.Get("state"))
	}
	addr := p.Get("address")
	out := []member{}
	for _, m := range a.nodes(r) {
		if strings.HasPrefix(m.Address, addr) && (state == "" || m.State == state) {
			out = append(out, m)
		}
	}
	return out, nil
}

// updateNodes is how Nacos members report themselves to each other;
// Causeway's nodes find each other through the store they share.
func (a *api) updateNodes(r *http.Request, _ httpx.Params) (any, error) {
	var nodes []member
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, registry.Errorf(registry.KindInvalid, "reading the body: %v", err)
	}
	if len(strings.TrimSpace(string(b))) > 0 {
		if err := json.Unmarshal(b, &nodes); err != nil {
			return nil, registry.Errorf(registry.KindInvalid, "the body is not a list of members: %v", err)
		}
	}
	if len(nodes) == 0 {
		return nil, registry.FieldErrorf(registry.KindMissing, "nodes", "required parameter 'nodes' is missing")
	}
	return nil, nacosresult.NotApplicable(notReported)
}

// lookupTypes are Nacos's member lookup types.
var lookupTypes = map[string]bool{"file": true, "address": true}

// notReported says why the member routes that write do not apply.
const notReported = "Causeway nodes find each other through the store they share: each keeps its own " +
	"member record there, so members are neither reported nor updated through this API"

// updateLookup: Causeway finds no members by file or address server.
func (a *api) updateLookup(_ *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["type"]; !ok {
		return nil, registry.FieldErrorf(registry.KindMissing, "type", "required parameter 'type' is missing")
	}
	t := p.Get("type")
	if !lookupTypes[t] {
		return nil, registry.FieldErrorf(registry.KindInvalid, "type", "unknown lookup type %q: file or address", t)
	}
	return nil, nacosresult.NotApplicable("Causeway nodes find each other through the store they share, " +
		"not by lookup: lookup " + t + " does not apply")
}
