package v1

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// createService: POST /service. Like Nacos, the service it creates is
// persistent, so ephemeral instances are refused on it afterwards.
func (h *handler) createService(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	k, err := serviceKey(p, errMissing)
	if err != nil {
		return err
	}
	threshold, err := p.Float("protectThreshold", 0)
	if err != nil {
		return err
	}
	md, err := naming.ParseMetadata(p.Get("metadata"), registry.KindServiceMetadata)
	if err != nil {
		return err
	}
	sel, err := parseSelector(p.Get("selector"))
	if err != nil {
		return err
	}
	svc := naming.Service{Key: k, ProtectThreshold: threshold, Metadata: md, Selector: sel, Ephemeral: false}
	if err := h.reg.CreateService(r.Context(), svc); err != nil {
		return err
	}
	return writeOK(w)
}

// updateService: PUT /service changes the settings that are given; absent
// ones keep their value. (Nacos requires protectThreshold and resets the
// metadata and selector that are absent; the seed documents all three as
// optional, which is what this follows.)
func (h *handler) updateService(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	k, err := serviceKey(p, errRequired)
	if err != nil {
		return err
	}
	patch, err := readServicePatch(p)
	if err != nil {
		return err
	}
	err = h.reg.UpdateService(r.Context(), k, patch)
	if err != nil {
		return onServiceNotFound(err, func() error { return errServiceNotFound(k) })
	}
	return writeOK(w)
}

func readServicePatch(p httpx.Params) (naming.ServicePatch, error) {
	var patch naming.ServicePatch
	if p.Has("protectThreshold") {
		t, err := p.Float("protectThreshold", 0)
		if err != nil {
			return patch, err
		}
		patch.ProtectThreshold = &t
	}
	if p.Has("metadata") {
		md, err := naming.ParseMetadata(p.Get("metadata"), registry.KindServiceMetadata)
		if err != nil {
			return patch, err
		}
		patch.Metadata = md
	}
	if p.Has("selector") {
		sel, err := parseSelector(p.Get("selector"))
		if err != nil {
			return patch, err
		}
		patch.Selector = &sel
	}
	return patch, nil
}

// parseSelector reads the selector JSON as ServiceController does: URL
// decoded once more, with a mandatory "type".
func parseSelector(s string) (naming.Selector, error) {
	if strings.TrimSpace(s) == "" {
		return naming.Selector{Type: "none"}, nil
	}
	if dec, err := url.QueryUnescape(s); err == nil {
		s = dec
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &probe); err != nil || probe["type"] == nil {
		return naming.Selector{}, errBadRequest(errSelectorText)
	}
	return naming.ParseSelector(s)
}

// deleteService: DELETE /service removes a service without instances.
func (h *handler) deleteService(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	k, err := serviceKey(p, errMissing)
	if err != nil {
		return err
	}
	if err := h.reg.DeleteService(r.Context(), k); err != nil {
		return onServiceNotFound(err, func() error { return errServiceNotFound(k) })
	}
	return writeOK(w)
}

// serviceDetail: GET /service.
func (h *handler) serviceDetail(w http.ResponseWriter, _ *http.Request, p httpx.Params) error {
	k, err := serviceKey(p, errMissing)
	if err != nil {
		return err
	}
	v, err := h.reg.GetService(k)
	if err != nil {
		return onServiceNotFound(err, func() error { return errNoSuchService(k) })
	}
	return writeJackson(w, renderService(v))
}

// serviceListJSON is the answer of service/list: the total and one page of
// names without their group.
type serviceListJSON struct {
	Count int      `json:"count"`
	Doms  []string `json:"doms"`
}

// listServices: GET /service/list pages the services of one group
// (DEFAULT_GROUP unless groupName says otherwise) as Nacos pages them: any
// page size, pageNo 0 or below as the first page, numbers it cannot read as
// 0 (see naming.PageBounds).
func (h *handler) listServices(w http.ResponseWriter, _ *http.Request, p httpx.Params) error {
	for _, name := range []string{"pageNo", "pageSize"} {
		if !p.Has(name) {
			return errRequired(name)
		}
	}
	pageNo, pageSize := naming.JavaInt(p.Get("pageNo"), 0), naming.JavaInt(p.Get("pageSize"), 0)
	ns := p.Str("namespaceId", naming.DefaultNamespace)
	if err := naming.ValidateNamespace(ns); err != nil {
		return err
	}
	group := p.Str("groupName", naming.DefaultGroup)
	if err := naming.ValidateGroup(group); err != nil {
		return err
	}
	total, page, err := h.reg.PageServices(ns, group, pageNo, pageSize)
	if err != nil {
		return err
	}
	out := serviceListJSON{Count: total, Doms: make([]string, len(page))}
	for i, k := range page {
		out.Doms[i] = k.Name
	}
	return writeJackson(w, out)
}
