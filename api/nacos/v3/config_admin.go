package v3

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/registry"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// The config section (ConfigControllerV3, HistoryControllerV3,
// ConfigOpsControllerV3) but for beta, import, export and listeners.

func invalidParam(name, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, name, format, args...)
}

// srcUser is the named parameter, else the caller, as Nacos records who
// changed a config.
func srcUser(r *http.Request, f *form, names ...string) string {
	for _, n := range names {
		if v := f.str(n); v != "" {
			return v
		}
	}
	if id := httpx.IdentityFrom(r.Context()); id != nil {
		return id.Username
	}
	return ""
}

func (a *api) configGet(_ *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	if f.err != nil {
		return nil, f.err
	}
	c, err := a.deps.Configs.Get(tenant, group, dataID)
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, registry.Errorf(registry.KindNotFound, "Config not exist, please publish Config first.")
	}
	if err != nil {
		return nil, err
	}
	return detailOf(c), nil
}

func (a *api) configPublish(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	group, dataID := f.need("groupName"), f.need("dataId")
	content := f.need("content")
	if f.err != nil {
		return nil, f.err
	}
	in := configs.PublishInput{Tenant: f.str("namespaceId"), Group: group, DataID: dataID, Content: content,
		Type: f.str("type"), AppName: f.str("appName"), SrcUser: srcUser(r, f, "srcUser"),
		ConfigTags: f.str("configTags"), Desc: f.str("desc"), CasMD5: strings.TrimSpace(r.Header.Get("casMd5"))}
	if ips := r.Header.Get("betaIps"); strings.TrimSpace(ips) != "" {
		return a.publishBeta(r, in, ips) // a beta (gray) release, as Nacos reads the header
	}
	if _, err := a.deps.Configs.Publish(r.Context(), in); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *api) configDelete(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	if f.err != nil {
		return nil, f.err
	}
	if err := a.deps.Configs.Delete(r.Context(), tenant, group, dataID, srcUser(r, f)); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *api) configBatchDelete(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	ids := f.ids("ids")
	if f.err != nil {
		return nil, f.err
	}
	if err := a.deps.Configs.DeleteIDs(r.Context(), ids, srcUser(r, f)); err != nil {
		return nil, err
	}
	return true, nil
}

// configList is the accurate and the blur search: search=blur (the
// default) makes dataId, groupName and namespaceId patterns and
// configDetail a content pattern; anything else compares exactly.
func (a *api) configList(_ *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	pageNo, pageSize := f.page()
	tenant := f.str("namespaceId")
	if f.err == nil {
		f.fail(configs.ValidateTenant(tenant))
	}
	if f.err != nil {
		return nil, f.err
	}
	q := configs.Query{Tenant: tenant, DataID: f.str("dataId"), Group: f.str("groupName"),
		AppName: f.str("appName"), ConfigTags: f.str("configTags"), Types: f.str("type"),
		Content: f.str("configDetail"), Blur: f.p.Str("search", "blur") == "blur", PageNo: pageNo, PageSize: pageSize}
	res, err := a.deps.Configs.Search(q)
	if err != nil {
		return nil, err
	}
	return page[configBasicInfo]{TotalCount: res.TotalCount, PageNumber: res.PageNumber,
		PagesAvailable: res.PagesAvailable, PageItems: basics(res.Items)}, nil
}

// maxCloneBody bounds a clone's JSON body (a list of ids and names).
const maxCloneBody = 4 << 20

type cloneInfo struct {
	ConfigID        json.RawMessage `json:"configId"`
	TargetGroupName string          `json:"targetGroupName"`
	TargetDataID    string          `json:"targetDataId"`
}

// parseCloneInfos reads the clone body: a JSON list of ConfigCloneInfo,
// whose configId Jackson takes as a number or a numeric string; null
// entries and entries without an id are dropped. A body Jackson cannot
// read is Spring's HttpMessageNotReadableException, which Nacos answers
// as a missing parameter (10000).
func parseCloneInfos(body []byte) ([]configs.CloneItem, error) {
	var infos []*cloneInfo
	if err := json.Unmarshal(body, &infos); err != nil {
		return nil, registry.Errorf(registry.KindMissing, "JSON parse error: %v", err)
	}
	items := make([]configs.CloneItem, 0, len(infos))
	for _, in := range infos {
		if in == nil || len(in.ConfigID) == 0 || string(in.ConfigID) == "null" {
			continue
		}
		raw := strings.Trim(string(in.ConfigID), `"`)
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, registry.Errorf(registry.KindMissing, "JSON parse error: configId %s is not a long", in.ConfigID)
		}
		items = append(items, configs.CloneItem{ConfigID: id,
			Group: strings.TrimSpace(in.TargetGroupName), DataID: strings.TrimSpace(in.TargetDataID)})
	}
	return items, nil
}

func (a *api) configClone(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	ns := f.present("namespaceId")
	policy, ok := configs.ParsePolicy(f.p.Str("policy", string(configs.PolicyAbort)))
	if !ok && f.err == nil {
		f.fail(invalidParam("policy", "Failed to convert value of type 'java.lang.String' to required type "+
			"'com.alibaba.nacos.api.model.v2.SameConfigPolicy'; No enum constant %q", f.str("policy")))
	}
	if f.err == nil {
		f.fail(configs.ValidateTenant(ns))
	}
	if f.err != nil {
		return nil, f.err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxCloneBody+1))
	if err != nil {
		return nil, registry.Errorf(registry.KindInvalid, "read body: %v", err)
	}
	if len(body) > maxCloneBody {
		return nil, registry.Errorf(registry.KindInvalid, "request body over %d bytes", maxCloneBody)
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, registry.Errorf(registry.KindMissing, "Required request body is missing")
	}
	items, err := parseCloneInfos(body)
	if err != nil {
		return nil, err
	}
	none := map[string]any{"succCount": 0}
	if len(items) == 0 {
		return nacosresult.Failure{Code: 100006, Message: "No configuration selected", Data: none}, nil
	}
	if configs.NormalizeTenant(ns) != configs.DefaultNamespace && a.deps.Namespaces != nil && !a.deps.Namespaces.Exists(ns) {
		return nacosresult.Failure{Code: 22001, Message: "namespace not exist", Data: none}, nil
	}
	res, found, err := a.deps.Configs.Clone(r.Context(), ns, items, srcUser(r, f, "src_user", "srcUser"), policy)
	if err != nil {
		return nil, err
	}
	if !found {
		return nacosresult.Failure{Code: 100005, Message: "Imported file data is empty", Data: none}, nil
	}
	out := map[string]any{"succCount": res.Succ, "skipCount": res.Skip}
	if len(res.Failed) > 0 {
		out["failData"] = keyList(res.Failed)
	}
	if len(res.Skipped) > 0 {
		out["skipData"] = keyList(res.Skipped)
	}
	return out, nil
}

func keyList(ks []configs.Key) []map[string]string {
	out := make([]map[string]string, 0, len(ks))
	for _, k := range ks {
		out = append(out, map[string]string{"dataId": k.DataID, "group": k.Group})
	}
	return out
}

func (a *api) configMetadata(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	if f.err != nil {
		return nil, f.err
	}
	_, err := a.deps.Configs.UpdateMetadata(r.Context(), tenant, group, dataID, f.str("desc"), f.str("configTags"), srcUser(r, f))
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, registry.Errorf(registry.KindNotFound, "Config not exist, please publish Config first.")
	}
	if err != nil {
		return nil, err
	}
	return true, nil
}

func (a *api) historyList(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	pageNo, pageSize := f.page()
	if f.err != nil {
		return nil, f.err
	}
	res, err := a.deps.Configs.ListHistory(r.Context(), tenant, group, dataID, pageNo, pageSize)
	if err != nil {
		return nil, err
	}
	items := make([]configHistoryBasicInfo, 0, len(res.Items))
	for _, h := range res.Items {
		items = append(items, historyBasicOf(h))
	}
	return page[configHistoryBasicInfo]{TotalCount: res.TotalCount, PageNumber: res.PageNumber,
		PagesAvailable: res.PagesAvailable, PageItems: items}, nil
}

func (a *api) historyGet(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	nid := f.long("nid")
	if f.err != nil {
		return nil, f.err
	}
	h, err := a.deps.Configs.HistoryFor(r.Context(), tenant, group, dataID, nid)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, registry.Errorf(registry.KindNotFound, "certain config history for nid = %d not exist", nid)
	}
	return historyDetailOf(h), nil
}

func (a *api) historyPrevious(r *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	tenant, group, dataID := f.key()
	id := f.long("id")
	if f.err != nil {
		return nil, f.err
	}
	h, err := a.deps.Configs.PreviousFor(r.Context(), tenant, group, dataID, id)
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, registry.Errorf(registry.KindNotFound, "previous config history for id = %d not exist", id)
	}
	return historyDetailOf(h), nil
}

func (a *api) historyConfigs(_ *http.Request, p httpx.Params) (any, error) {
	f := &form{p: p}
	ns := f.present("namespaceId")
	if f.err == nil {
		f.fail(configs.ValidateTenant(ns))
	}
	if f.err != nil {
		return nil, f.err
	}
	return basics(a.deps.Configs.InNamespace(ns)), nil
}

// opsLocalCache is Nacos's dump of the store into its local cache. Causeway
// has no such cache to refresh: every node serves configs from a view that
// follows the store's watch, so it already holds what the store holds.
func (a *api) opsLocalCache(_ *http.Request, _ httpx.Params) (any, error) {
	n := a.deps.Configs.Len()
	return fmt.Sprintf("Local cache is the store: Causeway serves configs from a view that follows the store, "+
		"nothing to dump (%d configs held)", n), nil
}
