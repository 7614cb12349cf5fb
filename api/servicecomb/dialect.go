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
	table := []struct {
		pattern string
		h       handlerFunc
		public  bool
	}{
		{"POST /v4/token", a.token, true},
		{"GET " + base + "/health/readiness", a.ready, true},
		{"GET " + base + "/health", a.health, true},
		{"POST " + servicesPath, a.createService, false},
		{"GET " + servicesPath, a.listServices, false},
		{"DELETE " + servicesPath, a.deleteServices, false},
		{"GET " + servicePath, a.getService, false},
		{"DELETE " + servicePath, a.deleteService, false},
		{"PUT " + servicePath + "/properties", a.updateServiceProperties, false},
		{"POST " + tagsPath, a.putTags, false},
		{"GET " + tagsPath, a.listTags, false},
		{"PUT " + tagsPath + "/{key}", a.updateTag, false},
		{"DELETE " + tagsPath + "/{key}", a.deleteTags, false},
		{"POST " + rulesPath, a.addRules, false},
		{"GET " + rulesPath, a.listRules, false},
		{"PUT " + rulesPath + "/{rule_id}", a.updateRule, false},
		{"DELETE " + rulesPath + "/{rule_id}", a.deleteRules, false},
		{"GET " + base + "/existence", a.existence, false},
		{"GET " + schemasPath, a.listSchemas, false},
		{"POST " + schemasPath, a.postSchemas, false},
		{"GET " + schemaPath, a.getSchema, false},
		{"PUT " + schemaPath, a.putSchema, false},
		{"DELETE " + schemaPath, a.deleteSchema, false},
		{"POST " + instsPath, a.register, false},
		{"GET " + instsPath, a.listInstances, false},
		{"GET " + instPath, a.getInstance, false},
		{"DELETE " + instPath, a.deregister, false},
		{"PUT " + instPath + "/properties", a.updateInstanceProperties, false},
		{"PUT " + instPath + "/status", a.updateStatus, false},
		{"PUT " + instPath + "/heartbeat", a.heartbeat, false},
		{"PUT " + base + "/heartbeats", a.heartbeats, false},
		{"GET " + base + "/instances", a.find, false},
		{"POST " + base + "/instances/action", a.batchFind, false},
		{"GET " + servicePath + "/providers", a.providers, false},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, t := range table {
		routes = append(routes, httpx.Route{Pattern: t.pattern, Handler: a.serve(t.h), Public: t.public})
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
