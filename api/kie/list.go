package kie

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry/kie"
)

// maxPageSize bounds a page, as every dialect of Causeway does.
const maxPageSize = 500

// listRequest is a parsed list query.
type listRequest struct {
	q        kie.Query
	revision int64 // kie.NoRevision when absent
	wait     time.Duration
	from, n  int // the page: n < 0 is every match from from
}

// parseList reads the list query: label (repeated k:v), match, key,
// status, revision, wait, and a page as offset/limit (kie) or
// pageNo/pageSize.
func parseList(vals url.Values) (*listRequest, error) {
	req := &listRequest{revision: kie.NoRevision, n: -1}
	var err error
	if req.q.Labels, err = kie.ParseLabelQuery(vals["label"]); err != nil {
		return nil, err
	}
	if req.q.Match, err = kie.ParseMatch(vals.Get("match")); err != nil {
		return nil, err
	}
	if req.q.Key, err = kie.ParseKeyFilter(vals.Get("key")); err != nil {
		return nil, err
	}
	if req.q.Status, err = kie.ParseStatus(vals.Get("status")); err != nil {
		return nil, err
	}
	if v := vals.Get("revision"); v != "" {
		if req.revision, err = strconv.ParseInt(v, 10, 64); err != nil || req.revision < 0 {
			return nil, invalid("revision", strconv.Quote(v)+" is not a non-negative integer")
		}
	}
	if v := vals.Get("wait"); v != "" {
		if req.wait, err = time.ParseDuration(v); err != nil || req.wait <= 0 || req.wait > kie.MaxWait {
			return nil, invalid("wait", strconv.Quote(v)+" is not a duration between 1ms and 5m, such as 5s or 1m")
		}
	}
	if err := req.parsePage(vals); err != nil {
		return nil, err
	}
	return req, nil
}

func (req *listRequest) parsePage(vals url.Values) error {
	num := func(name string, lo, hi int) (int, bool, error) {
		v := vals.Get(name)
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return 0, false, invalid(name, strconv.Quote(v)+" is not an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		}
		return n, true, nil
	}
	offset, _, err := num("offset", 0, 1<<30)
	if err != nil {
		return err
	}
	limit, hasLimit, err := num("limit", 1, maxPageSize)
	if err != nil {
		return err
	}
	pageNo, hasPageNo, err := num("pageNo", 1, 1<<20)
	if err != nil {
		return err
	}
	pageSize, hasPageSize, err := num("pageSize", 1, maxPageSize)
	if err != nil {
		return err
	}
	req.from = offset
	if hasLimit {
		req.n = limit
	}
	if hasPageNo || hasPageSize {
		if !hasPageSize {
			pageSize = maxPageSize
		}
		req.from, req.n = (max(pageNo, 1)-1)*pageSize, pageSize
	}
	return nil
}

// list is GET /v1/{project_id}/kie/kv: 200 with {total, data}, or 304
// with no body when the client's revision is current (and a wait, if
// any, saw no matching change).
func (a *api) list(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := kie.ValidateProject(project); err != nil {
		return err
	}
	req, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	if !a.svc.Poll(r.Context(), project, &req.q, req.revision, req.wait) {
		a.setRevision(w, project)
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	kvs, rev, err := a.svc.List(project, &req.q)
	if err != nil {
		return err
	}
	total := len(kvs)
	page := kvs[min(req.from, total):]
	if req.n >= 0 {
		page = page[:min(req.n, len(page))]
	}
	w.Header().Set(HeaderRevision, strconv.FormatInt(rev, 10))
	httpx.WriteJSON(w, http.StatusOK, struct {
		Total int     `json:"total"`
		Data  []kvDoc `json:"data"`
	}{total, docsOf(page)})
	return nil
}
