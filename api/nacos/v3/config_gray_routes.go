package v3

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// configGrayRoutes are the config section's beta (gray) release, import
// and export, and listener queries.
func (a *api) configGrayRoutes() []route {
	return []route{
		{pattern: "GET " + configBase + "/config/beta", h: a.queryBeta},
		{pattern: "DELETE " + configBase + "/config/beta", h: a.stopBeta},
		{pattern: "GET " + configBase + "/config/listener", h: a.configListeners},
		{pattern: "GET " + configBase + "/listener", h: a.listenerConfigs},
		{pattern: "POST " + configBase + "/config/import", h: a.importConfigs},
		{pattern: "GET " + configBase + "/config/export", h: a.exportConfigs},
	}
}

// grayKey reads the config a request names as ConfigFormV3.validate does:
// dataId and groupName required, namespaceId "" → public.
func grayKey(p httpx.Params) (tenant, group, dataID string, err error) {
	dataID, group = p.Get("dataId"), p.Get("groupName")
	switch {
	case strings.TrimSpace(dataID) == "":
		return "", "", "", nacosresult.FormMissing("dataId", "String")
	case strings.TrimSpace(group) == "":
		return "", "", "", nacosresult.FormMissing("groupName", "String")
	}
	return configs.NormalizeTenant(strings.TrimSpace(p.Get("namespaceId"))), group, dataID, nil
}

// configGrayInfo is Nacos's ConfigGrayInfo.
type configGrayInfo struct {
	ID          int64  `json:"id"`
	NamespaceID string `json:"namespaceId"`
	GroupName   string `json:"groupName"`
	DataID      string `json:"dataId"`
	MD5         string `json:"md5"`
	Type        string `json:"type"`
	AppName     string `json:"appName"`
	CreateTime  int64  `json:"createTime"`
	ModifyTime  int64  `json:"modifyTime"`
	Content     string `json:"content"`
	Desc        string `json:"desc"`
	CreateUser  string `json:"createUser"`
	ConfigTags  string `json:"configTags"`
	GrayName    string `json:"grayName"`
	GrayRule    string `json:"grayRule"`
}

// betaRule is Nacos's ConfigGrayPersistInfo of a beta, as grayRule holds it.
type betaRule struct {
	Type     string `json:"type"`
	Version  string `json:"version"`
	Expr     string `json:"expr"`
	Priority int32  `json:"priority"`
}

func grayInfoOf(b *configs.Beta) configGrayInfo {
	rule, _ := json.Marshal(betaRule{Type: "beta", Version: "1.0.0", Expr: b.BetaIPs(), Priority: 1<<31 - 1})
	return configGrayInfo{ID: b.ID, NamespaceID: b.Tenant, GroupName: b.Group, DataID: b.DataID, MD5: b.MD5,
		Type: b.Type, AppName: b.AppName, CreateTime: b.CreatedAt, ModifyTime: b.ModifiedAt, Content: b.Content,
		Desc: b.Desc, CreateUser: b.SrcUser, ConfigTags: b.ConfigTags, GrayName: "beta", GrayRule: string(rule)}
}

// queryBeta answers the beta of a config; 404 "Config is not in beta."
// when it has none.
func (a *api) queryBeta(_ *http.Request, p httpx.Params) (any, error) {
	tenant, group, dataID, err := grayKey(p)
	if err != nil {
		return nil, err
	}
	b, err := a.deps.Configs.GetBeta(tenant, group, dataID)
	if err != nil {
		return nil, err
	}
	return grayInfoOf(b), nil
}

// stopBeta ends a config's beta; true even when it had none, as Nacos.
func (a *api) stopBeta(r *http.Request, p httpx.Params) (any, error) {
	tenant, group, dataID, err := grayKey(p)
	if err != nil {
		return nil, err
	}
	if err := a.deps.Configs.StopBeta(r.Context(), tenant, group, dataID); err != nil {
		return nil, err
	}
	return true, nil
}

// configListenerInfo is Nacos's ConfigListenerInfo.
type configListenerInfo struct {
	QueryType       string            `json:"queryType"`
	ListenersStatus map[string]string `json:"listenersStatus"`
}

// configListeners answers the clients listening to a config: client IP →
// the md5 it holds. aggregation is accepted; one node holds every listener.
func (a *api) configListeners(_ *http.Request, p httpx.Params) (any, error) {
	tenant, group, dataID, err := grayKey(p)
	if err != nil {
		return nil, err
	}
	if _, err := p.Bool("aggregation", true, true); err != nil {
		return nil, err
	}
	subs, err := a.deps.Configs.Subscribers(tenant, group, dataID)
	if err != nil {
		return nil, err
	}
	return configListenerInfo{QueryType: "config", ListenersStatus: subs}, nil
}

// listenerConfigs answers the configs the clients at ip listen to: group
// key → md5. As Nacos's ListenerControllerV3: all=true answers every
// namespace's; else the public namespace's and namespaceId's.
func (a *api) listenerConfigs(_ *http.Request, p httpx.Params) (any, error) {
	ip := strings.TrimSpace(p.Get("ip"))
	if ip == "" {
		return nil, nacosresult.QueryMissing("ip", "String")
	}
	if _, err := p.Bool("aggregation", true, true); err != nil {
		return nil, err
	}
	all, err := p.Bool("all", false, true)
	if err != nil {
		return nil, err
	}
	ns := strings.TrimSpace(p.Get("namespaceId"))
	out := map[string]string{}
	for _, sub := range a.deps.Configs.SubscriptionsOf(ip, "") {
		k := sub.Key
		if all || k.Tenant == configs.DefaultNamespace || (ns != "" && k.Tenant == ns) {
			out[groupKey(k)] = sub.MD5
		}
	}
	return configListenerInfo{QueryType: "ip", ListenersStatus: out}, nil
}

// groupKey is Nacos's GroupKey2.getKey: dataId+group[+tenant], '+' and '%'
// escaped; the public namespace has no tenant part, as 2.x clients send it.
func groupKey(k configs.Key) string {
	esc := func(s string) string {
		return strings.NewReplacer("%", "%25", "+", "%2B").Replace(s)
	}
	out := esc(k.DataID) + "+" + esc(k.Group)
	if k.Tenant != configs.DefaultNamespace {
		out += "+" + esc(k.Tenant)
	}
	return out
}

// publishBeta is what POST /cs/config does when its betaIps header is not
// blank (Nacos's ConfigControllerV3 reads it there): the config route
// builds in from its form as for a formal publish and hands it here.
func (a *api) publishBeta(r *http.Request, in configs.PublishInput, betaIPs string) (any, error) {
	if _, err := a.deps.Configs.PublishBeta(r.Context(), in, betaIPs); err != nil {
		return nil, err
	}
	return true, nil
}
