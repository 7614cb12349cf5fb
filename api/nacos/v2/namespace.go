package v2

import (
	"log/slog"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Paths of Nacos's console namespace API (NamespaceControllerV2).
const (
	namespacePath     = "/nacos/v2/console/namespace"
	namespaceListPath = namespacePath + "/list"
)

// nsAPI serves the namespace routes; it shares the envelope and the error
// table of the naming routes but keeps its own state.
type nsAPI struct {
	ns   *tenancy.Service
	base *api // the envelope and the error table of the naming routes
}

// NamespaceDialect answers the Nacos v2 console namespace routes over t.
func NamespaceDialect(t *tenancy.Service, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &nsAPI{ns: t, base: &api{log: opts.Logger}}
	// NamespaceControllerV2 leaves the list unsecured: any user may read
	// it, as on v1. Reading one namespace and the writes are
	// "console/namespaces", which Nacos grants global admins only.
	table := []struct {
		pattern string
		h       handlerFunc
		access  *httpx.Access
	}{
		{"GET " + namespaceListPath, a.list, httpx.AnyUser},
		{"GET " + namespacePath, a.get, nil},
		{"POST " + namespacePath, a.create, nil},
		{"PUT " + namespacePath, a.edit, nil},
		{"DELETE " + namespacePath, a.remove, nil},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: a.base.wrap(e.h), Access: e.access})
	}
	return httpx.Dialect{Name: "nacos-v2-namespace", Routes: routes, Deny: nacosauth.Deny}
}
