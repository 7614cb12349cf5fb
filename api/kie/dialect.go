package kie

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/kie"
)

// Options tune the dialect.
type Options struct {
	// Logger receives server-side failures; nil means slog.Default().
	Logger *slog.Logger
}

// Paths of the dialect.
const (
	kvsPath      = "/v1/{project_id}/kie/kv"
	kvPath       = kvsPath + "/{kv_id}"
	importPath   = "/v1/{project_id}/kie/file"
	downloadPath = "/v1/{project_id}/kie/download"
)

// HeaderRevision carries a project's kv revision on every kv answer.
const HeaderRevision = "X-Kie-Revision"

// api is the dialect's state.
type api struct {
	svc *kie.Service
	log *slog.Logger
}

// handlerFunc is a handler whose error, if any, serve answers in its
// family's error shape.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Dialect answers the kie routes over svc.
func Dialect(svc *kie.Service, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &api{svc: svc, log: opts.Logger}
	// Every route needs config r or w on the whole project: a kv has
	// labels, no group, and its key is in the body or behind its id.
	// Export is a read.
	r, w := access(auth.Read), access(auth.Write)
	table := []struct {
		pattern string
		fam     family
		h       handlerFunc
		access  *httpx.Access
	}{
		{"POST " + kvsPath, kvFamily, a.create, w},
		{"GET " + kvsPath, kvFamily, a.list, r},
		{"DELETE " + kvsPath, kvFamily, a.deleteMany, w},
		{"GET " + kvPath, kvFamily, a.get, r},
		{"PUT " + kvPath, kvFamily, a.update, w},
		{"DELETE " + kvPath, kvFamily, a.delete, w},
		{"POST " + importPath, fileFamily, a.importFile, w},
		{"POST " + downloadPath, fileFamily, a.export, r},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, t := range table {
		fam := t.fam
		fail := func(w http.ResponseWriter, r *http.Request, err error) { a.writeError(w, r, fam, err) }
		routes = append(routes, httpx.Route{Pattern: t.pattern, Handler: a.serve(t.fam, t.h), Fail: fail, Access: t.access})
	}
	return httpx.Dialect{Name: "kie", Routes: routes, Deny: a.deny}
}

func (a *api) serve(fam family, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, fam, err)
		}
	})
}

// access needs act on every kv of the project (config type).
func access(act auth.Action) *httpx.Access { return httpx.ProjectAccess(auth.TypeConfig, act) }

// familyOf answers the family of the route a request matched, for the
// dialect's one Deny.
func familyOf(r *http.Request) family {
	if r.Pattern == "POST "+importPath || r.Pattern == "POST "+downloadPath {
		return fileFamily
	}
	return kvFamily
}

// setRevision puts the project's kv revision on the answer.
func (a *api) setRevision(w http.ResponseWriter, project string) {
	w.Header().Set(HeaderRevision, strconv.FormatInt(a.svc.Revision(project), 10))
}
