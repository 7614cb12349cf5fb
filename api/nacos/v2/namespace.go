package v2

import (
	"log/slog"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Paths of Nacos's console namespace API (NamespaceControllerV2).
const (
	namespacePath     = "/nacos/v2/console/namespace"
	namespaceListPath = namespacePath + "/list"
)

// NamespaceDialect answers the Nacos v2 console namespace routes over t.
func NamespaceDialect(t *tenancy.Service, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	// The handlers are nacosform's, shared with Nacos 3's admin API; they
	// answer through the envelope and the error table of the naming routes.
	base := &api{log: opts.Logger}
	ns := nacosform.Namespaces{Svc: t}
	// NamespaceControllerV2 leaves the list unsecured: any user may read
	// it, as on v1. Reading one namespace and the writes are
	// "console/namespaces", which Nacos grants global admins only.
	table := []struct {
		pattern string
		h       handlerFunc
		access  *httpx.Access
	}{
		{"GET " + namespaceListPath, ns.List, httpx.AnyUser},
		{"GET " + namespacePath, ns.Get, nil},
		{"POST " + namespacePath, ns.Create, nil},
		{"PUT " + namespacePath, ns.Update, nil},
		{"DELETE " + namespacePath, ns.Delete, nil},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: base.wrap(e.h), Access: e.access})
	}
	return httpx.Dialect{Name: "nacos-v2-namespace", Routes: routes, Deny: nacosauth.Deny}
}
