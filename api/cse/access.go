package cse

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// What each route needs of a user who is not a global admin. The project
// is the namespace (registry.NamespaceOfProject). Reads need r, changes w.
//
//   - Gateways, their routes, plugins and http2rpc mappings are of type
//     gateway, named by the gateway id: "dev:*:gateway/gw1" grants one
//     gateway, "dev:*:gateway/*" all of them.
//   - Governance policies and route rules are of type governance, the
//     app their group. A policy's app is in its selector, in the JSON
//     body or the stored policy, so creating, reading and changing one by
//     id needs the whole project; listing with ?app= needs that app (the
//     answer holds its policies and those of no app), without it the
//     project. A route rule names its service in the path and its app in
//     app_id (none is the app "default", as the handler reads it).
//   - The Nacos namespace console (§6) is Nacos's: any authenticated user
//     lists namespaces, only global admins change them (no Access), as on
//     the v1, v2 and v3 consoles over the same namespaces. A namespace is
//     no project's (an engine owns it), so no project grant can cover it.

var (
	gatewayRead     = byGateway(auth.Read)
	gatewayWrite    = byGateway(auth.Write)
	gatewaysRead    = httpx.ProjectAccess(auth.TypeGateway, auth.Read)
	governanceRead  = httpx.ProjectAccess(auth.TypeGovernance, auth.Read)
	governanceWrite = httpx.ProjectAccess(auth.TypeGovernance, auth.Write)
	policiesOfApp   = &httpx.Access{Type: auth.TypeGovernance, Action: auth.Read, Scope: queryApp}
)

func byGateway(act auth.Action) *httpx.Access {
	return &httpx.Access{Type: auth.TypeGateway, Action: act, Scope: func(r *http.Request) (auth.Resource, error) {
		return httpx.ProjectResource(r, "", r.PathValue("gateway_id"))
	}}
}

// queryApp scopes a policy listing to its ?app=, the project without it.
func queryApp(r *http.Request) (auth.Resource, error) {
	group := ""
	if app := r.URL.Query().Get("app"); app != "" {
		group = registry.GroupOfApp(app)
	}
	return httpx.ProjectResource(r, group, "")
}

// routeRule needs act on the route rules of the service in the path.
func routeRule(act auth.Action) *httpx.Access {
	return &httpx.Access{Type: auth.TypeGovernance, Action: act, Scope: func(r *http.Request) (auth.Resource, error) {
		return httpx.ProjectResource(r, registry.GroupOfApp(r.URL.Query().Get("app_id")), r.PathValue("service_name"))
	}}
}
