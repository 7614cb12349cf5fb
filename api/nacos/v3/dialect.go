package v3

import (
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	aiapi "github.com/causeway-dev/causeway/api/nacos/v3/ai"
	configs "github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Deps are the registry services the admin API maintains.
type Deps struct {
	Naming     *naming.Registry
	Configs    *configs.Service
	Namespaces *tenancy.Service
	Core       Core
	// AI are the AI registries of the ai section (api/nacos/v3/ai).
	AI aiapi.Deps
}

// Options tune the dialect.
type Options struct {
	// Logger receives server-side failures; nil means slog.Default().
	Logger *slog.Logger
}

// Path prefixes of the admin API's sections.
const (
	adminBase  = "/nacos/v3/admin"
	configBase = adminBase + "/cs"
	namingBase = adminBase + "/ns"
	coreBase   = adminBase + "/core"
)

// api is what every section's handlers share.
type api struct {
	deps Deps
	log  *slog.Logger
}

// route is one endpoint of a section.
type route struct {
	pattern string
	h       nacosresult.Handler
	limit   int64 // the largest form body (routes that take content); 0 is httpx.MaxFormBytes
}

// Dialect answers the admin API over d. Its routes have no Access: they
// are for global admins only.
func Dialect(d Deps, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &api{deps: d, log: opts.Logger}
	var routes []httpx.Route
	for _, section := range [][]route{a.configRoutes(), a.configGrayRoutes(), a.namingRoutes(), a.coreRoutes()} {
		for _, rt := range section {
			routes = append(routes, httpx.Route{Pattern: rt.pattern, Handler: a.wrapLimit(rt.h, rt.limit)})
		}
	}
	routes = append(routes, aiapi.Routes(d.AI, a.log)...)
	return httpx.Dialect{Name: "nacos-v3-admin", Routes: routes, Deny: nacosauth.Deny,
		Fail: func(w http.ResponseWriter, r *http.Request, err error) { nacosresult.Fail(a.log, w, r, err) }}
}

// wrap reads the parameters, runs h and writes the envelope or the error.
func (a *api) wrap(h nacosresult.Handler) http.Handler { return nacosresult.Wrap(a.log, h) }

// wrapLimit is wrap with a body bound of limit bytes (0: the default);
// only config routes set one, and a body over it is refused as a content
// too long, which it almost surely is.
func (a *api) wrapLimit(h nacosresult.Handler, limit int64) http.Handler {
	if limit <= 0 {
		return a.wrap(h)
	}
	return nacosresult.WrapLimit(a.log, h, limit, a.deps.Configs.ContentTooLong)
}
