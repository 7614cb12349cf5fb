package v3

import (
	"net/http"
	"net/url"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// readNSServiceForm reads ServiceForm as ServiceControllerV3 does (nacosform).
func readNSServiceForm(p httpx.Params) (*nacosform.ServiceForm, error) {
	return nacosform.ReadServiceForm(p, nacosform.ServiceRules{CheckKey: true, Selector: nsParseSelector})
}

// nsParseSelector reads the selector as ServiceControllerV3 does:
// URL-decoded JSON whose type names a known selector. The SDK sends the
// JSON of its Selector object, e.g. {"type":"none","contextType":"NONE"}.
func nsParseSelector(raw string) (naming.Selector, error) {
	if raw == "" {
		return naming.Selector{Type: "none"}, nil
	}
	decoded, err := url.QueryUnescape(raw)
	if err != nil {
		decoded = raw // Java's URLDecoder would refuse it too; the JSON check words it
	}
	sel, err := nacosform.SelectorJSON(raw, decoded)
	if err != nil {
		return sel, err
	}
	if sel.Type == "none" {
		sel.Expression = ""
	}
	return sel, naming.ValidateSelector(sel)
}

// createService: POST /ns/service answers "ok".
func (a *api) nsCreateService(r *http.Request, p httpx.Params) (any, error) {
	f, err := readNSServiceForm(p)
	if err != nil {
		return nil, err
	}
	err = a.deps.Naming.CreateService(r.Context(), naming.Service{
		Key: f.Key, Ephemeral: f.Ephemeral, ProtectThreshold: f.Threshold,
		Metadata: f.Metadata, Selector: f.Selector,
	})
	if err != nil {
		return nil, err
	}
	return "ok", nil
}

// nsUpdateService replaces the protect threshold, metadata and selector,
// all three, as Nacos's PUT does; whether the service is ephemeral cannot
// change.
func (a *api) nsUpdateService(r *http.Request, p httpx.Params) (any, error) {
	f, err := readNSServiceForm(p)
	if err != nil {
		return nil, err
	}
	patch := naming.ServicePatch{ProtectThreshold: &f.Threshold, Metadata: f.Metadata, Selector: &f.Selector}
	if err := a.deps.Naming.UpdateService(r.Context(), f.Key, patch); err != nil {
		return nil, nacosresult.NotFoundAs(err, "service %s not found!", f.Key.Grouped())
	}
	return "ok", nil
}

// nsDeleteService removes a service without instances. Unlike what the
// seed's prose says, Nacos 3 refuses a service that does not exist (21008).
func (a *api) nsDeleteService(r *http.Request, p httpx.Params) (any, error) {
	k, err := readNSServiceKey(p)
	if err != nil {
		return nil, err
	}
	if err := a.deps.Naming.DeleteService(r.Context(), k); err != nil {
		if registry.KindOf(err) == registry.KindServiceHasInstances {
			return nil, registry.Errorf(registry.KindServiceHasInstances,
				"Service %s is not empty, can't be delete. Please unregister instance first", k.Grouped())
		}
		return nil, nacosresult.NotFoundAs(err, "service %s not found!", k.Grouped())
	}
	return "ok", nil
}

func readNSServiceKey(p httpx.Params) (naming.ServiceKey, error) {
	return nacosform.ReadServiceKey(p, nacosresult.FormMissing)
}

// nsServiceDetail is nacos-api 3.1.0's ServiceDetailInfo.
type nsServiceDetail struct {
	NamespaceID      string                   `json:"namespaceId"`
	ServiceName      string                   `json:"serviceName"`
	GroupName        string                   `json:"groupName"`
	ClusterMap       map[string]nsClusterInfo `json:"clusterMap"`
	Metadata         map[string]string        `json:"metadata"`
	ProtectThreshold nacoswire.Float          `json:"protectThreshold"`
	Selector         nacoswire.Selector       `json:"selector"`
	Ephemeral        bool                     `json:"ephemeral"`
}

// nsClusterInfo is ClusterInfo; hosts is null in a service's detail and
// the cluster's instances in the list with instances.
type nsClusterInfo struct {
	ClusterName             string            `json:"clusterName"`
	HealthChecker           nsHealthChecker   `json:"healthChecker"`
	HealthyCheckPort        int               `json:"healthyCheckPort"`
	UseInstancePortForCheck bool              `json:"useInstancePortForCheck"`
	Metadata                map[string]string `json:"metadata"`
	Hosts                   []nacoswire.Host  `json:"hosts"`
}

// nsHealthChecker is an AbstractHealthChecker as Jackson writes it, by its
// type.
type nsHealthChecker struct {
	Type string `json:"type"`
}

// newNSClusterInfo renders a cluster's settings. A cluster nobody
// configured checks port 80 with the instance port, ClusterInfo's defaults.
func newNSClusterInfo(c naming.Cluster, configured bool) nsClusterInfo {
	out := nsClusterInfo{
		ClusterName: c.Name, HealthChecker: nsHealthChecker{Type: c.HealthChecker.Type},
		HealthyCheckPort: 80, UseInstancePortForCheck: true, Metadata: nsNonNil(c.Metadata),
	}
	if out.HealthChecker.Type == "" {
		out.HealthChecker.Type = "NONE"
	}
	if configured {
		out.HealthyCheckPort, out.UseInstancePortForCheck = c.CheckPort, c.UseInstancePort
	}
	return out
}

func newNSServiceDetail(v *naming.ServiceView, withHosts bool) nsServiceDetail {
	s := v.Service
	out := nsServiceDetail{
		NamespaceID: s.Key.Namespace, ServiceName: s.Key.Name, GroupName: s.Key.Group,
		ClusterMap: map[string]nsClusterInfo{}, Metadata: nsNonNil(s.Metadata),
		ProtectThreshold: nacoswire.Float(s.ProtectThreshold), Selector: nacoswire.NewSelector(s.Selector),
		Ephemeral: s.Ephemeral,
	}
	for _, c := range v.Clusters {
		_, configured := s.Clusters[c.Name]
		ci := newNSClusterInfo(c, configured)
		if withHosts {
			ci.Hosts = []nacoswire.Host{}
		}
		out.ClusterMap[c.Name] = ci
	}
	if withHosts {
		for _, in := range v.Instances {
			ci := out.ClusterMap[in.Cluster]
			ci.Hosts = append(ci.Hosts, nacoswire.NewHost(in))
			out.ClusterMap[in.Cluster] = ci
		}
	}
	return out
}

func nsNonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// nsServiceDetailOf: GET /ns/service.
func (a *api) nsServiceDetailOf(_ *http.Request, p httpx.Params) (any, error) {
	k, err := readNSServiceKey(p)
	if err != nil {
		return nil, err
	}
	v, err := a.deps.Naming.GetService(k)
	if err != nil {
		return nil, nacosresult.NotFoundAs(err, "service not found, namespace: %s, serviceName: %s", k.Namespace, k.Grouped())
	}
	return newNSServiceDetail(v, false), nil
}

// nsServiceView is nacos-api's maintainer ServiceView.
type nsServiceView struct {
	Name                 string `json:"name"`
	GroupName            string `json:"groupName"`
	ClusterCount         int    `json:"clusterCount"`
	IPCount              int    `json:"ipCount"`
	HealthyInstanceCount int    `json:"healthyInstanceCount"`
	TriggerFlag          string `json:"triggerFlag"`
}

// nsListServices: GET /ns/service/list, a Page of ServiceView, or of
// ServiceDetailInfo with withInstances. groupNameParam and
// serviceNameParam match by containment ('*' matching anything);
// ignoreEmptyService (default true) leaves out services without instances
// from the plain list.
func (a *api) nsListServices(_ *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	ns := rd.Str("namespaceId", naming.DefaultNamespace)
	groupPat, namePat := rd.Str("groupNameParam", ""), rd.Str("serviceNameParam", "")
	ignoreEmpty := rd.Bool("ignoreEmptyService", true)
	withInstances := rd.Bool("withInstances", false)
	pageNo, pageSize := nsReadPage(rd)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateNamespace(ns); err != nil {
		return nil, err
	}
	var views []*naming.ServiceView
	for _, k := range a.deps.Naming.SearchServices(ns, groupPat, namePat) {
		v, err := a.deps.Naming.GetService(k)
		if err != nil {
			continue // gone since the search
		}
		if ignoreEmpty && !withInstances && len(v.Instances) == 0 {
			continue
		}
		views = append(views, v)
	}
	page, pages := nsPage(views, pageNo, pageSize)
	if withInstances {
		out := nacoswire.Page[nsServiceDetail]{TotalCount: len(views), PageNumber: pageNo, PagesAvailable: pages,
			PageItems: make([]nsServiceDetail, 0, len(page))}
		for _, v := range page {
			out.PageItems = append(out.PageItems, newNSServiceDetail(v, true))
		}
		return out, nil
	}
	out := nacoswire.Page[nsServiceView]{TotalCount: len(views), PageNumber: pageNo, PagesAvailable: pages,
		PageItems: make([]nsServiceView, 0, len(page))}
	for _, v := range page {
		out.PageItems = append(out.PageItems, newNSServiceView(v))
	}
	return out, nil
}

func newNSServiceView(v *naming.ServiceView) nsServiceView {
	healthy := 0
	for _, in := range v.Instances {
		if in.Healthy {
			healthy++
		}
	}
	out := nsServiceView{Name: v.Service.Key.Name, GroupName: v.Service.Key.Group, ClusterCount: len(v.Clusters),
		IPCount: len(v.Instances), HealthyInstanceCount: healthy, TriggerFlag: "false"}
	// Nacos's isProtectThreshold: the healthy share at or below the threshold.
	if n := len(v.Instances); n > 0 && float64(healthy)/float64(n) <= v.Service.ProtectThreshold {
		out.TriggerFlag = "true"
	}
	return out
}

// nsSubscriberInfo is nacos-api's SubscriberInfo.
type nsSubscriberInfo struct {
	NamespaceID string `json:"namespaceId"`
	GroupName   string `json:"groupName"`
	ServiceName string `json:"serviceName"`
	IP          string `json:"ip"`
	Port        int    `json:"port"`
	Agent       string `json:"agent"`
	AppName     string `json:"appName"`
}

// nsSubscribers: GET /ns/service/subscribers, a Page of the service's
// subscribers. One node holds them all, so aggregation changes nothing.
func (a *api) nsSubscribers(_ *http.Request, p httpx.Params) (any, error) {
	rd := newNSReader(p)
	k := rd.ServiceKey()
	pageNo, pageSize := nsReadPage(rd)
	rd.OptBool("aggregation")
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateServiceKey(k); err != nil {
		return nil, err
	}
	subs := a.deps.Naming.Subscribers(k, naming.ClientFilter{})
	page, pages := nsPage(subs, pageNo, pageSize)
	out := nacoswire.Page[nsSubscriberInfo]{TotalCount: len(subs), PageNumber: pageNo, PagesAvailable: pages,
		PageItems: make([]nsSubscriberInfo, 0, len(page))}
	for _, s := range page {
		out.PageItems = append(out.PageItems, nsSubscriberInfo{NamespaceID: k.Namespace, GroupName: k.Group,
			ServiceName: k.Name, IP: s.IP, Port: s.Port, Agent: s.Agent, AppName: s.App})
	}
	return out, nil
}

// nsSelectorTypes: GET /ns/service/selector/types, the selectors a service
// may carry.
func (a *api) nsSelectorTypes(_ *http.Request, _ httpx.Params) (any, error) {
	return []string{"none", "label"}, nil
}
