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

// self is this process as a member: the address the client reached it on
// (or the one --http-addr names), UP once ready, STARTING before.
func (a *api) self(r *http.Request) member {
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
	state := "UP"
	if ready := a.deps.Core.Ready; ready != nil && !ready() {
		state = "STARTING"
	}
	port := a.port()
	return member{IP: host, Port: port, State: state, Address: net.JoinHostPort(host, strconv.Itoa(port)),
		ExtendInfo: map[string]any{"version": a.deps.Core.Version, "readyToUpgrade": true,
			"lastRefreshTime": time.Now().UnixMilli(), "startTime": a.deps.Core.Started.UnixMilli()}}
}

func (a *api) nodeSelf(r *http.Request, _ httpx.Params) (any, error) { return a.self(r), nil }

// nodeList answers the members whose address starts with address and
// whose state is state: this one process or none.
func (a *api) nodeList(r *http.Request, p httpx.Params) (any, error) {
	state := strings.ToUpper(strings.TrimSpace(p.Get("state")))
	if state != "" && !nodeStates[state] {
		return nil, nacosresult.IllegalState("Illegal state: " + p.Get("state"))
	}
	m := a.self(r)
	if addr := p.Get("address"); addr != "" && !strings.HasPrefix(m.Address, addr) {
		return []member{}, nil
	}
	if state != "" && m.State != state {
		return []member{}, nil
	}
	return []member{m}, nil
}

// updateNodes is how Nacos members report themselves to each other;
// Causeway has no peers that would.
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
	return nil, nacosresult.NotApplicable("Causeway runs as one node: it has no cluster members to update")
}

// lookupTypes are Nacos's member lookup types.
var lookupTypes = map[string]bool{"file": true, "address": true}

// updateLookup: Causeway finds no members, by file or address server.
func (a *api) updateLookup(_ *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["type"]; !ok {
		return nil, registry.FieldErrorf(registry.KindMissing, "type", "required parameter 'type' is missing")
	}
	t := p.Get("type")
	if !lookupTypes[t] {
		return nil, registry.FieldErrorf(registry.KindInvalid, "type", "unknown lookup type %q: file or address", t)
	}
	return nil, nacosresult.NotApplicable("Causeway runs as one node: it looks up no cluster members (lookup " +
		t + " does not apply)")
}
