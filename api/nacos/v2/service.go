package v2

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

// Page size of the service list: Nacos's default, and the size it cuts
// larger ones to.
const (
	defaultPageSize = 20
	maxPageSize     = 500
)

// readServiceForm reads ServiceForm as ServiceControllerV2 does (nacosform).
func readServiceForm(p httpx.Params) (*nacosform.ServiceForm, error) {
	return nacosform.ReadServiceForm(p, nacosform.ServiceRules{CheckKey: false, Selector: parseSelector})
}

// parseSelector reads the selector as ServiceControllerV2 does: URL-decoded
// JSON whose type must name a known selector.
func parseSelector(raw string) (naming.Selector, error) {
	if raw == "" {
		return naming.Selector{Type: "none"}, nil
	}
	decoded, err := url.QueryUnescape(raw)
	if err != nil {
		return naming.Selector{}, registry.FieldErrorf(registry.KindInvalid, "selector", "Param 'selector' is illegal, %v", err)
	}
	return nacosform.SelectorJSON(raw, decoded)
}

func (a *api) createService(r *http.Request, p httpx.Params) (any, error) {
	f, err := readServiceForm(p)
	if err != nil {
		return nil, err
	}
	err = a.reg.CreateService(r.Context(), naming.Service{
		Key: f.Key, Ephemeral: f.Ephemeral, ProtectThreshold: f.Threshold,
		Metadata: f.Metadata, Selector: f.Selector,
	})
	if err != nil {
		return nil, err
	}
	return true, nil
}

// updateService replaces the protect threshold, metadata and selector, all
// three: like Nacos's PUT, an omitted one goes back to its default. Whether
// the service is ephemeral cannot change.
func (a *api) updateService(r *http.Request, p httpx.Params) (any, error) {
	f, err := readServiceForm(p)
	if err != nil {
		return nil, err
	}
	if err := naming.ValidateServiceKey(f.Key); err != nil {
		return nil, err
	}
	patch := naming.ServicePatch{ProtectThreshold: &f.Threshold, Metadata: f.Metadata, Selector: &f.Selector}
	if err := a.reg.UpdateService(r.Context(), f.Key, patch); err != nil {
		return nil, nacosresult.NotFoundAs(err, "service %s not found!", f.Key.Grouped())
	}
	return true, nil
}

func (a *api) deleteService(r *http.Request, p httpx.Params) (any, error) {
	k, err := readServiceKey(p)
	if err != nil {
		return nil, err
	}
	if err := a.reg.DeleteService(r.Context(), k); err != nil {
		return nil, nacosresult.NotFoundAs(err, "service %s not found!", k.Grouped())
	}
	return true, nil
}

// readServiceKey reads and checks the @RequestParam service key of the
// delete, detail and client endpoints.
func readServiceKey(p httpx.Params) (naming.ServiceKey, error) {
	return nacosform.ReadServiceKey(p, queryMissing)
}

// serviceDetailView is Nacos's ServiceDetailInfo.
type serviceDetailView struct {
	Namespace        string                 `json:"namespace"`
	ServiceName      string                 `json:"serviceName"`
	GroupName        string                 `json:"groupName"`
	ClusterMap       map[string]clusterView `json:"clusterMap"`
	Metadata         map[string]string      `json:"metadata"`
	ProtectThreshold nacoswire.Float        `json:"protectThreshold"`
	Selector         nacoswire.Selector     `json:"selector"`
	Ephemeral        bool                   `json:"ephemeral"`
}

// clusterView is Nacos's ClusterInfo; its hosts stay null in this view.
type clusterView struct {
	ClusterName   string               `json:"clusterName"`
	HealthChecker naming.HealthChecker `json:"healthChecker"`
	Metadata      map[string]string    `json:"metadata"`
	Hosts         []struct{}           `json:"hosts"`
}

func (a *api) serviceDetail(_ *http.Request, p httpx.Params) (any, error) {
	k, err := readServiceKey(p)
	if err != nil {
		return nil, err
	}
	v, err := a.reg.GetService(k)
	if err != nil {
		return nil, nacosresult.NotFoundAs(err, "service not found, namespace: %s, serviceName: %s", k.Namespace, k.Grouped())
	}
	out := serviceDetailView{
		Namespace: k.Namespace, ServiceName: k.Name, GroupName: k.Group,
		ClusterMap: map[string]clusterView{}, Metadata: nonNil(v.Service.Metadata),
		ProtectThreshold: nacoswire.Float(v.Service.ProtectThreshold), Selector: nacoswire.NewSelector(v.Service.Selector),
		Ephemeral: v.Service.Ephemeral,
	}
	for _, c := range v.Clusters {
		out.ClusterMap[c.Name] = clusterView{ClusterName: c.Name, HealthChecker: c.HealthChecker, Metadata: nonNil(c.Metadata)}
	}
	return out, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// serviceListView is Nacos's ServiceNameView.
type serviceListView struct {
	Count    int      `json:"count"`
	Services []string `json:"services"`
}

// listServices pages the names of a group's services as Nacos's v2 list
// does: the page size cut to 500, then paged like v1 (pageNo 0 or below is
// the first page; see naming.PageBounds). The selector parameter is accepted
// and ignored, as in Nacos.
func (a *api) listServices(_ *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	ns := rd.Str("namespaceId", naming.DefaultNamespace)
	group := rd.Str("groupName", naming.DefaultGroup)
	pageNo := rd.Int32("pageNo", 1)
	pageSize := min(rd.Int32("pageSize", defaultPageSize), maxPageSize)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := naming.ValidateNamespace(ns); err != nil {
		return nil, err
	}
	if err := naming.ValidateGroup(group); err != nil {
		return nil, err
	}
	total, page, err := a.reg.PageServices(ns, group, pageNo, pageSize)
	if err != nil {
		return nil, err
	}
	out := serviceListView{Count: total, Services: make([]string, 0, len(page))}
	for _, k := range page {
		out.Services = append(out.Services, k.Name)
	}
	return out, nil
}
