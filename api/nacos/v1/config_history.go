package v1

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/config"
)

const historyBase = "/nacos/v1/cs/history"

// history serves GET /nacos/v1/cs/history: the list with search=accurate
// (HistoryController.listConfigHistory), else one record by nid.
func (h *configHandler) history(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	if err := searchParamCheck(p); err != nil { // ConfigDefaultHttpParamExtractor
		return err
	}
	if p.Get("search") == searchAccurate {
		return h.historyList(w, r, p)
	}
	return h.oneHistory(w, r, p, "nid", h.svc.HistoryFor)
}

// historyPrevious serves GET /nacos/v1/cs/history/previous: the newest
// record of a config id.
func (h *configHandler) historyPrevious(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	if err := searchParamCheck(p); err != nil {
		return err
	}
	return h.oneHistory(w, r, p, "id", h.svc.PreviousFor)
}

func (h *configHandler) historyList(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	for _, name := range []string{"dataId", "group"} {
		if _, ok := p.Values[name]; !ok {
			return errRequestParam(name)
		}
	}
	pageNo, err := optionalInteger(p, "pageNo", 1)
	if err != nil {
		return err
	}
	pageSize, err := optionalInteger(p, "pageSize", 100)
	if err != nil {
		return err
	}
	tenant, group, dataID := p.Get("tenant"), p.Get("group"), p.Get("dataId")
	out := nacoswire.Page[nacoswire.ConfigHistory]{PageNumber: pageNo, PageItems: []nacoswire.ConfigHistory{}}
	if strings.TrimSpace(dataID) == "" || strings.TrimSpace(group) == "" {
		// Nacos queries data_id = '' and finds nothing; its paging check
		// still comes first.
		if pageNo < 1 || min(pageSize, config.MaxPageSize) < 1 {
			return errBadRequest("caused: pageNo and pageSize must be greater than zero;")
		}
		return writeJSON(w, out)
	}
	page, err := h.svc.ListHistory(r.Context(), tenant, group, dataID, pageNo, pageSize)
	if err != nil {
		return err
	}
	out.TotalCount, out.PagesAvailable = page.TotalCount, page.PagesAvailable
	for _, it := range page.Items {
		out.PageItems = append(out.PageItems, nacoswire.HistoryItem(it))
	}
	return writeJSON(w, out)
}

// oneHistory answers one record; Nacos returns null for an unknown id,
// which Spring writes as an empty 200.
func (h *configHandler) oneHistory(w http.ResponseWriter, r *http.Request, p httpx.Params, idParam string,
	find func(ctx context.Context, tenant, group, dataID string, id int64) (*config.History, error)) error {
	for _, name := range []string{"dataId", "group"} {
		if _, ok := p.Values[name]; !ok {
			return errRequestParam(name)
		}
	}
	id, err := requiredLong(p, idParam)
	if err != nil {
		return err
	}
	rec, err := find(r.Context(), p.Get("tenant"), p.Get("group"), p.Get("dataId"), id)
	if registry.KindOf(err) == registry.KindForbidden {
		// ConsoleExceptionHandler's answer to the AccessException.
		return &answer{status: http.StatusForbidden, text: err.Error()}
	}
	if err != nil {
		return err
	}
	if rec == nil {
		w.WriteHeader(http.StatusOK)
		return nil
	}
	return writeJSON(w, nacoswire.HistoryDetail(rec))
}

// optionalInteger binds an optional Integer @RequestParam.
func optionalInteger(p httpx.Params, name string, def int) (int, error) {
	v := strings.TrimSpace(p.Get(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, errTypeMismatch("java.lang.Integer", p.Get(name))
	}
	return int(n), nil
}

// requiredLong binds a required Long @RequestParam.
func requiredLong(p httpx.Params, name string) (int64, error) {
	vs, ok := p.Values[name]
	if !ok || len(vs) == 0 {
		return 0, errBadRequest("Required request parameter '" + name + "' for method parameter type Long is not present")
	}
	if strings.TrimSpace(vs[0]) == "" {
		return 0, errBadRequest("Required request parameter '" + name +
			"' for method parameter type Long is present but converted to null")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(vs[0]), 10, 64)
	if err != nil {
		return 0, errTypeMismatch("java.lang.Long", vs[0])
	}
	return n, nil
}

// errTypeMismatch is Spring's MethodArgumentTypeMismatchException text.
func errTypeMismatch(javaType, value string) error {
	return errBadRequest("Failed to convert value of type 'java.lang.String' to required type '" + javaType +
		"'; nested exception is java.lang.NumberFormatException: For input string: \"" + value + "\"")
}
