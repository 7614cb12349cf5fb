package servicecomb

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// Login issues tokens for POST /v4/token: *auth.Service is one.
type Login interface {
	Login(ctx context.Context, username, password string) (*auth.Token, error)
}

// Options tune the dialect.
type Options struct {
	// Logger receives server-side failures; nil means slog.Default().
	Logger *slog.Logger
	// Login, when set, serves POST /v4/token; without it the route
	// answers that tokens are not available.
	Login Login
}

// Paths of the dialect.
const (
	base         = "/v4/{project_id}/registry"
	servicesPath = base + "/microservices"
	servicePath  = servicesPath + "/{service_id}"
	schemasPath  = servicePath + "/schemas"
	schemaPath   = schemasPath + "/{schema_id}"
	instsPath    = servicePath + "/instances"
	instPath     = instsPath + "/{instance_id}"
	tagsPath     = servicePath + "/tags"
	rulesPath    = servicePath + "/rules"
)

// HeaderRevision carries a find's revision.
const HeaderRevision = "X-Resource-Revision"

type api struct {
	reg   *sc.Registry
	login Login
	log   *slog.Logger
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Dialect answers the service-center v4 routes over reg.
func Dialect(reg *sc.Registry, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &api{reg: reg, login: opts.Login, log: opts.Logger}
	r, w := auth.Read, auth.Write
	table := []struct {
		pattern string
		h       handlerFunc
		public  bool
		access  *httpx.Access // access.go
	}{
		{"POST /v4/token", a.token, true, nil},
		{"GET " + base + "/health/readiness", a.ready, true, nil},
		{"GET " + base + "/health", a.health, true, nil},
		{"POST " + servicesPath, a.createService, false, inProject(w)},
		{"GET " + servicesPath, a.listServices, false, inProject(r)},
		{"DELETE " + servicesPath, a.deleteServices, false, inProject(w)},
		{"GET " + servicePath, a.getService, false, a.byService(r)},
		{"DELETE " + servicePath, a.deleteService, false, a.byService(w)},
		{"PUT " + servicePath + "/properties", a.updateServiceProperties, false, a.byService(w)},
		{"POST " + tagsPath, a.putTags, false, a.byService(w)},
		{"GET " + tagsPath, a.listTags, false, a.byService(r)},
		{"PUT " + tagsPath + "/{key}", a.updateTag, false, a.byService(w)},
		{"DELETE " + tagsPath + "/{key}", a.deleteTags, false, a.byService(w)},
		{"POST " + rulesPath, a.addRules, false, a.byService(w)},
		{"GET " + rulesPath, a.listRules, false, a.byService(r)},
		{"PUT " + rulesPath + "/{rule_id}", a.updateRule, false, a.byService(w)},
		{"DELETE " + rulesPath + "/{rule_id}", a.deleteRules, false, a.byService(w)},
		{"GET " + base + "/existence", a.existence, false, a.existenceAccess()},
		{"GET " + schemasPath, a.listSchemas, false, a.byService(r)},
		{"POST " + schemasPath, a.postSchemas, false, a.byService(w)},
		{"GET " + schemaPath, a.getSchema, false, a.byService(r)},
		{"PUT " + schemaPath, a.putSchema, false, a.byService(w)},
		{"DELETE " + schemaPath, a.deleteSchema, false, a.byService(w)},
		{"POST " + instsPath, a.register, false, a.byService(w)},
		{"GET " + instsPath, a.listInstances, false, a.byService(r)},
		{"GET " + instPath, a.getInstance, false, a.byService(r)},
		{"DELETE " + instPath, a.deregister, false, a.byService(w)},
		{"PUT " + instPath + "/properties", a.updateInstanceProperties, false, a.byService(w)},
		{"PUT " + instPath + "/status", a.updateStatus, false, a.byService(w)},
		{"PUT " + instPath + "/heartbeat", a.heartbeat, false, a.byService(w)},
		{"PUT " + base + "/heartbeats", a.heartbeats, false, inProject(w)},
		{"GET " + base + "/instances", a.find, false, byQueryName},
		{"POST " + base + "/instances/action", a.batchFind, false, inProject(r)},
		{"GET " + servicePath + "/providers", a.providers, false, a.byService(r)},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, t := range table {
		routes = append(routes, httpx.Route{Pattern: t.pattern, Handler: a.serve(t.h), Public: t.public, Access: t.access})
	}
	return httpx.Dialect{Name: "servicecomb", Routes: routes, Deny: a.deny, Fail: a.writeError}
}

func (a *api) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

// ok answers a write that has nothing to say: service-center answers 200
// with an empty body.
func ok(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusOK)
	return nil
}

func project(r *http.Request) string { return r.PathValue("project_id") }
