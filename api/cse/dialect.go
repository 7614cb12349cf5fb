package cse

import (
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/governance"
	"github.com/causeway-dev/causeway/registry/http2rpc"
	"github.com/causeway-dev/causeway/registry/plugin"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Options tune the dialect.
type Options struct {
	// Logger receives server-side failures; nil means slog.Default().
	Logger *slog.Logger
	// Governance, when set, adds the microservice-governance routes of
	// seed 004 §5.4 (governance.go).
	Governance *governance.Registry
	// Plugins, when set, adds the gateway plugin routes of seed 004
	// §7.1-7.5 (plugins.go).
	Plugins *plugin.Registry
	// HTTP2RPC, when set, adds the http2rpc routes of seed 004 §7.6-7.9
	// (http2rpc.go).
	HTTP2RPC *http2rpc.Registry
	// Namespaces, when set, adds the Nacos namespace console of seed 004
	// §6 (namespaces.go) over the namespaces Nacos v1, v2 and v3 list.
	Namespaces *tenancy.Service
	// EngineNamespaces scopes that console to an engine's namespaces
	// (engines.go); nil means every engine holds every namespace.
	EngineNamespaces EngineNamespaces
	// Engines, when set, adds the engine management routes of seed 004
	// §5.3 (enginemgr.go); Endpoints answers the addresses their details
	// give, known once the server listens.
	Engines   *tenancy.Engines
	Endpoints func() Endpoints
}

// Paths of the gateway family.
const (
	gatewayPath = "/v2/{project_id}/enginemgr/gateways/{gateway_id}"
	routesPath  = gatewayPath + "/routes"
	routePath   = routesPath + "/{route_id}"
)

// api is the dialect's state.
type api struct {
	gw        *gateway.Registry
	gov       *governance.Registry
	plugins   *plugin.Registry
	http2rpc  *http2rpc.Registry
	engines   EngineNamespaces // nil: no §6 routes
	engineMgr *tenancy.Engines // nil: no §5.3 routes
	endpoints func() Endpoints
	log       *slog.Logger
}

// route is one entry of a route table: its pattern, handler and what it
// needs of a user who is not a global admin (access.go).
type route struct {
	pattern string
	h       handlerFunc
	access  *httpx.Access
}

// handlerFunc is a handler whose error, if any, is answered in the CSE
// shape by serve.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Dialect answers the CSE gateway routes over gw, and the families opts
// add.
func Dialect(gw *gateway.Registry, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &api{gw: gw, gov: opts.Governance, plugins: opts.Plugins, http2rpc: opts.HTTP2RPC,
		engineMgr: opts.Engines, endpoints: opts.Endpoints, log: opts.Logger}
	a.engines = opts.EngineNamespaces
	if a.engines == nil && opts.Namespaces != nil {
		a.engines = everyNamespace(opts.Namespaces)
	}
	table := []route{
		{"GET " + gatewaysPath, a.listGateways, gatewaysRead},
		{"PUT " + gatewayPath, a.putGateway, gatewayWrite},
		{"GET " + gatewayPath, a.getGateway, gatewayRead},
		{"DELETE " + gatewayPath, a.deleteGateway, gatewayWrite},
		{"POST " + routesPath, a.createRoute, gatewayWrite},
		{"GET " + routesPath, a.listRoutes, gatewayRead},
		{"GET " + routePath, a.getRoute, gatewayRead},
		{"PUT " + routePath, a.updateRoute, gatewayWrite},
		{"DELETE " + routePath, a.deleteRoute, gatewayWrite},
	}
	if a.gov != nil {
		table = append(table, a.governanceRoutes()...)
	}
	if a.plugins != nil {
		table = append(table, a.pluginRoutes()...)
	}
	if a.http2rpc != nil {
		table = append(table, a.http2rpcRoutes()...)
	}
	if a.engines != nil {
		table = append(table, a.namespaceRoutes()...)
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, t := range table {
		routes = append(routes, httpx.Route{Pattern: t.pattern, Handler: a.serve(t.h), Access: t.access})
	}
	if a.engineMgr != nil {
		for _, t := range a.engineRoutes() {
			routes = append(routes, httpx.Route{Pattern: t.pattern, Handler: a.serveEngine(t.h), Access: t.access,
				Fail: a.writeEngineError})
		}
	}
	return httpx.Dialect{Name: "cse", Routes: routes, Deny: a.deny, Fail: a.writeError}
}

func (a *api) serve(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}

func gatewayKey(r *http.Request) gateway.Key {
	return gateway.Key{Project: r.PathValue("project_id"), ID: r.PathValue("gateway_id")}
}
