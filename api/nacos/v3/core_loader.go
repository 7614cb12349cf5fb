package v3

import (
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
)

// connectionInfo is Nacos's ConnectionInfo: a gRPC connection's meta info.
type connectionInfo struct {
	Traced       bool            `json:"traced"`
	AbilityTable map[string]bool `json:"abilityTable"`
	MetaInfo     connectionMeta  `json:"metaInfo"`
}

type connectionMeta struct {
	ConnectType    string            `json:"connectType"`
	ClientIP       string            `json:"clientIp"`
	RemoteIP       string            `json:"remoteIp"`
	RemotePort     int               `json:"remotePort"`
	LocalPort      int               `json:"localPort"`
	Version        string            `json:"version"`
	ConnectionID   string            `json:"connectionId"`
	CreateTime     int64             `json:"createTime"`
	LastActiveTime int64             `json:"lastActiveTime"`
	AppName        string            `json:"appName"`
	NamespaceID    string            `json:"namespaceId"`
	Labels         map[string]string `json:"labels"`
}

// currentClients answers the Nacos gRPC connections this process holds,
// keyed by connection id.
func (a *api) currentClients(_ *http.Request, _ httpx.Params) (any, error) {
	out := map[string]connectionInfo{}
	if a.deps.Core.Conns == nil {
		return out, nil
	}
	for _, c := range a.deps.Core.Conns.Connections() {
		if !c.SetUp {
			continue // a transport whose client has not set it up is no Nacos connection yet
		}
		out[c.ID] = connectionInfo{AbilityTable: map[string]bool{}, MetaInfo: connectionMeta{
			ConnectType: "GRPC", ClientIP: c.ClientIP, RemoteIP: c.RemoteIP, RemotePort: c.RemotePort,
			LocalPort: c.LocalPort, Version: c.Version, ConnectionID: c.ID, CreateTime: c.Created.UnixMilli(),
			LastActiveTime: c.LastActive.UnixMilli(), AppName: c.AppName, NamespaceID: c.Namespace, Labels: c.Labels}}
	}
	return out, nil
}

// serverLoaderMetric is Nacos's ServerLoaderMetric of one node.
type serverLoaderMetric struct {
	Address     string `json:"address"`
	SdkConCount int    `json:"sdkConCount"`
	ConCount    int    `json:"conCount"`
	Load        string `json:"load"`
	CPU         string `json:"cpu"`
}

// serverLoaderMetrics is Nacos's ServerLoaderMetrics over its members.
type serverLoaderMetrics struct {
	Detail       []serverLoaderMetric `json:"detail"`
	MemberCount  int                  `json:"memberCount"`
	MetricsCount int                  `json:"metricsCount"`
	Completed    bool                 `json:"completed"`
	Max          int                  `json:"max"`
	Min          int                  `json:"min"`
	Avg          int                  `json:"avg"`
	Threshold    string               `json:"threshold"`
	Total        int                  `json:"total"`
}

// loaderMetrics answers the connection load of this member. load is the
// system's one-minute load average where the system tells it; cpu is left
// empty (Causeway does not sample its CPU use). The other members' loads
// are not gathered: memberCount counts them, metricsCount does not, and
// completed says whether this node is all there is.
func (a *api) loaderMetrics(r *http.Request, _ httpx.Params) (any, error) {
	m := serverLoaderMetric{Address: a.self(r).Address, Load: loadAverage()}
	if a.deps.Core.Conns != nil {
		for _, c := range a.deps.Core.Conns.Connections() {
			if !c.SetUp {
				continue
			}
			m.ConCount++
			if c.SDK() {
				m.SdkConCount++
			}
		}
	}
	n := m.SdkConCount
	members := max(len(a.nodes(r)), 1)
	return serverLoaderMetrics{Detail: []serverLoaderMetric{m}, MemberCount: members, MetricsCount: 1,
		Completed: members == 1, Max: n, Min: n, Avg: n, Total: n,
		Threshold: strconv.FormatFloat(float64(n)*1.1, 'f', -1, 64)}, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// reloadCurrent would move connections beyond count to other members;
// with one node they would come straight back.
func (a *api) reloadCurrent(_ *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["count"]; !ok {
		return nil, nacosresult.QueryMissing("count", "Integer")
	}
	if _, err := strconv.Atoi(p.Get("count")); err != nil {
		return nil, &httpx.ParamError{Name: "count", Value: p.Get("count"), Want: "int"}
	}
	return nil, nacosresult.NotApplicable("Causeway runs as one node: connections told to reconnect come back to it, " +
		"there is no other member to balance them to")
}

// smartReload balances connections over members; there is one.
func (a *api) smartReload(_ *http.Request, p httpx.Params) (any, error) {
	if v := p.Get("loaderFactor"); v != "" {
		if _, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(v, "f"), "F"), 32); err != nil {
			return nil, &httpx.ParamError{Name: "loaderFactor", Value: v, Want: "float"}
		}
	}
	return nil, nacosresult.NotApplicable("Causeway runs as one node: there are no members to balance connections over")
}

// reloadClient asks one connection's client to reconnect (Nacos's
// ConnectResetRequest), to redirectAddress when given.
func (a *api) reloadClient(r *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["connectionId"]; !ok {
		return nil, nacosresult.QueryMissing("connectionId", "String")
	}
	id := p.Get("connectionId")
	redirect := p.Get("redirectAddress")
	if redirect != "" {
		if _, port, ok := strings.Cut(redirect, ":"); !ok || port == "" {
			return nil, registry.FieldErrorf(registry.KindInvalid, "redirectAddress",
				"redirectAddress %q is not ip:port", redirect)
		}
	}
	if a.deps.Core.Conns == nil {
		return nil, registry.Errorf(registry.KindNotFound, "connection %s not found", id)
	}
	if err := a.deps.Core.Conns.ResetConn(r.Context(), id, redirect); err != nil {
		return nil, err
	}
	return nil, nil
}
