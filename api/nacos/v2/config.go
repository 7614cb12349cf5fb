package v2

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosaccess"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/auth"
	configs "github.com/causeway-dev/causeway/registry/config"
)

// Paths of Nacos's v2 config and history API (ConfigControllerV2,
// HistoryControllerV2).
const (
	configPath          = "/nacos/v2/cs/config"
	historyPath         = "/nacos/v2/cs/history"
	historyListPath     = historyPath + "/list"
	historyPreviousPath = historyPath + "/previous"
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
	// ConfigControllerV2 and HistoryControllerV2's @Secured (signType
	// config); v2 names the namespace "namespaceId".
	read, write := nacosaccess.Config("namespaceId", auth.Read), nacosaccess.Config("namespaceId", auth.Write)
	table := []struct {
		pattern string
		h       handlerFunc
		access  *httpx.Access
	}{
		{"GET " + configPath, a.get, read},
		{"POST " + configPath, a.publish, write},
		{"DELETE " + configPath, a.remove, write},
		{"GET " + historyListPath, a.historyList, read},
		{"GET " + historyPath, a.history, read},
		{"GET " + historyPreviousPath, a.previous, read},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: a.wrap(e.h), Access: e.access})
	}
	return httpx.Dialect{Name: "nacos-v2-config", Routes: routes, Deny: nacosauth.Deny}
}

// wrap is the envelope of api.wrap with a body bound fit for a config's
// content: a body over it is refused as the content it carries.
func (a *cfgAPI) wrap(h handlerFunc) http.Handler {
	return nacosresult.WrapLimit(a.base.log, nacosresult.Handler(h), a.svc.MaxRequestBytes(), a.svc.ContentTooLong)
}

// configKey reads namespaceId (default public, ” alike), group, dataId.
func configKey(rd *nacosform.Reader) (tenant, group, dataID string) {
	return rd.Str("namespaceId", ""), rd.Need("group"), rd.Need("dataId")
}

func (a *cfgAPI) get(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	c, _, err := a.svc.GetFor(httpx.ClientIP(r), tenant, group, dataID)
	if err != nil {
		return nil, err
	}
	return c.Content, nil
}

func (a *cfgAPI) publish(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, formMissing)
	tenant, group, dataID := configKey(rd)
	in := configs.PublishInput{Tenant: tenant, Group: group, DataID: dataID, Content: rd.Need("content"),
		Type: rd.Str("type", ""), AppName: rd.Str("appName", ""), SrcUser: rd.Str("srcUser", ""),
		ConfigTags: rd.Str("configTags", ""), Desc: rd.Str("desc", "")}
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if _, err := a.svc.Publish(r.Context(), in); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *cfgAPI) remove(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := a.svc.Delete(r.Context(), tenant, group, dataID, ""); err != nil {
		return nil, err
	}
	return true, nil
}

func (a *cfgAPI) historyList(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	pageNo, pageSize := rd.Int("pageNo", 1), rd.Int("pageSize", 100)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	page, err := a.svc.ListHistory(r.Context(), tenant, group, dataID, pageNo, pageSize)
	if err != nil {
		return nil, err
	}
	items := make([]nacoswire.ConfigHistory, 0, len(page.Items))
	for _, h := range page.Items {
		items = append(items, nacoswire.HistoryItem(h))
	}
	return nacoswire.Page[nacoswire.ConfigHistory]{TotalCount: page.TotalCount, PageNumber: page.PageNumber,
		PagesAvailable: page.PagesAvailable, PageItems: items}, nil
}

func (a *cfgAPI) history(r *http.Request, p httpx.Params) (any, error) {
	return a.oneHistory(r, p, "nid", a.svc.HistoryFor)
}

func (a *cfgAPI) previous(r *http.Request, p httpx.Params) (any, error) {
	return a.oneHistory(r, p, "id", a.svc.PreviousFor)
}

// oneHistory reads one record by the id parameter. An unknown id is data
// null, as Nacos answers; one of another config is 403.
func (a *cfgAPI) oneHistory(r *http.Request, p httpx.Params, idParam string,
	find func(ctx context.Context, tenant, group, dataID string, id int64) (*configs.History, error)) (any, error) {
	rd := nacosform.New(p, queryMissing)
	tenant, group, dataID := configKey(rd)
	id := rd.NeedInt(idParam)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	h, err := find(r.Context(), tenant, group, dataID, int64(id))
	if err != nil || h == nil {
		return nil, err
	}
	return nacoswire.HistoryDetail(h), nil
}
