package v2

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// Paths of Nacos's v2 config and history API (ConfigControllerV2,
// HistoryControllerV2).
const (
	configPath          = "/nacos/v2/cs/config"
	historyPath         = "/nacos/v2/cs/history"
	historyListPath     = historyPath + "/list"
	historyPreviousPath = historyPath + "/previous"
	maxHistoryPageSize  = 500
)

type cfgAPI struct {
	svc  *configs.Service
	base *api // the envelope and the error table of the naming routes
}

// ConfigDialect answers the Nacos v2 config and history routes over svc.
func ConfigDialect(svc *configs.Service, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &cfgAPI{svc: svc, base: &api{log: opts.Logger}}
	table := []struct {
		pattern string
		h       handlerFunc
	}{
		{"GET " + configPath, a.get},
		{"POST " + configPath, a.publish},
		{"DELETE " + configPath, a.remove},
		{"GET " + historyListPath, a.historyList},
		{"GET " + historyPath, a.history},
		{"GET " + historyPreviousPath, a.previous},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: a.base.wrap(e.h)})
	}
	return httpx.Dialect{Name: "nacos-v2-config", Routes: routes, Deny: deny}
}

// configKey reads namespaceId (default public, ” alike), group, dataId.
func configKey(rd *reader) (tenant, group, dataID string) {
	return rd.str("namespaceId", ""), rd.need("group"), rd.need("dataId")
}

func (a *cfgAPI) get(_ *http.Request, p httpx.Params) (any, error) {
	rd := newReader(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	if rd.err != nil {
		return nil, rd.err
	}
	c, err := a.svc.Get(tenant, group, dataID)
	if err != nil {
		return nil, err
	}
	return c.Content, nil
}

func (a *cfgAPI) publish(r *http.Request, p httpx.Params) (any, error) {
	rd := newReader(p, formMissing)
	tenant, group, dataID := configKey(rd)
	in := configs.PublishInput{Tenant: tenant, Group: group, DataID: dataID, Content: rd.need("content"),
		Type: rd.str("type", ""), AppName: rd.str("appName", ""), SrcUser: rd.str("srcUser", ""),
		ConfigTags: rd.str("configTags", ""), Desc: rd.str("desc", "")}
	if rd.err != nil {
		return nil, rd.err
	}
	if _, err := a.svc.Publish(r.Context(), in); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *cfgAPI) remove(r *http.Request, p httpx.Params) (any, error) {
	rd := newReader(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	if rd.err != nil {
		return nil, rd.err
	}
	if err := a.svc.Delete(r.Context(), tenant, group, dataID, ""); err != nil {
		return nil, err
	}
	return true, nil
}

// historyView is one history record as HistoryControllerV2 answers it.
type historyView struct {
	ID               string `json:"id"`
	LastID           int    `json:"lastId"`
	DataID           string `json:"dataId"`
	Group            string `json:"group"`
	Tenant           string `json:"tenant"`
	AppName          string `json:"appName"`
	MD5              string `json:"md5"`
	Content          string `json:"content"`
	SrcIP            string `json:"srcIp"`
	SrcUser          string `json:"srcUser"`
	OpType           string `json:"opType"`
	CreatedTime      string `json:"createdTime"`
	LastModifiedTime string `json:"lastModifiedTime"`
}

func renderHistory(h *configs.History) historyView {
	at := time.UnixMilli(h.CreatedAt).UTC().Format("2006-01-02T15:04:05.000+00:00")
	return historyView{ID: strconv.FormatInt(h.NID, 10), LastID: -1, DataID: h.DataID, Group: h.Group,
		Tenant: h.Tenant, AppName: h.AppName, MD5: h.MD5, Content: h.Content, SrcUser: h.SrcUser,
		OpType: string(h.Op), CreatedTime: at, LastModifiedTime: at}
}

func (a *cfgAPI) historyList(r *http.Request, p httpx.Params) (any, error) {
	rd := newReader(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	pageNo, pageSize := rd.integer("pageNo", 1), rd.integer("pageSize", 100)
	if rd.err != nil {
		return nil, rd.err
	}
	if pageNo < 1 || pageSize < 1 || pageSize > maxHistoryPageSize {
		return nil, registry.FieldErrorf(registry.KindInvalid, "pageSize",
			"pageNo must be at least 1 and pageSize between 1 and %d", maxHistoryPageSize)
	}
	page, err := a.svc.ListHistory(r.Context(), tenant, group, dataID, pageNo, pageSize)
	if err != nil {
		return nil, err
	}
	items := make([]historyView, 0, len(page.Items))
	for _, h := range page.Items {
		items = append(items, renderHistory(h))
	}
	return map[string]any{"totalCount": page.TotalCount, "pageNumber": page.PageNumber,
		"pagesAvailable": page.PagesAvailable, "pageItems": items}, nil
}

func (a *cfgAPI) history(r *http.Request, p httpx.Params) (any, error) {
	return a.oneHistory(r, p, "nid", a.svc.GetHistory)
}

func (a *cfgAPI) previous(r *http.Request, p httpx.Params) (any, error) {
	return a.oneHistory(r, p, "id", a.svc.PreviousHistory)
}

// oneHistory reads one record by the id parameter and checks it belongs to
// the config named, as Nacos does.
func (a *cfgAPI) oneHistory(r *http.Request, p httpx.Params, idParam string,
	find func(ctx context.Context, nid int64) (*configs.History, error)) (any, error) {
	rd := newReader(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	id := rd.needInt(idParam)
	if rd.err != nil {
		return nil, rd.err
	}
	h, err := find(r.Context(), int64(id))
	if err != nil {
		return nil, err
	}
	if h.DataID != dataID || h.Group != group || h.Tenant != configs.NormalizeTenant(tenant) {
		return nil, registry.Errorf(registry.KindNotFound, "history not found")
	}
	return renderHistory(h), nil
}
