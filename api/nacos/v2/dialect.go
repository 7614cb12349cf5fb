package v2

import (
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosaccess"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Options tune the dialect.
type Options struct {
	// Logger receives server-side failures; nil means slog.Default().
	Logger *slog.Logger
}

// Paths of the Nacos v2 naming API.
const (
	base                = "/nacos/v2/ns"
	instancePath        = base + "/instance"
	instanceListPath    = base + "/instance/list"
	instanceBeatPath    = base + "/instance/beat"
	metadataBatchPath   = base + "/instance/metadata/batch"
	servicePath         = base + "/service"
	serviceListPath     = base + "/service/list"
	healthPath          = base + "/health"
	healthInstancePath  = base + "/health/instance"
	clientPath          = base + "/client"
	clientListPath      = base + "/client/list"
	clientPublishPath   = base + "/client/publish/list"
	clientSubscribePath = base + "/client/subscribe/list"
	publisherListPath   = base + "/client/service/publisher/list"
	subscriberListPath  = base + "/client/service/subscriber/list"
)

// api is the dialect's state: the registry it serves and where it logs.
type api struct {
	reg *naming.Registry
	log *slog.Logger
}

// Dialect answers the Nacos v2 naming routes over reg.
func Dialect(reg *naming.Registry, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &api{reg: reg, log: opts.Logger}
	return httpx.Dialect{Name: "nacos-v2", Routes: a.routes(), Deny: nacosauth.Deny}
}

func (a *api) routes() []httpx.Route {
	// Access as InstanceControllerV2, ServiceControllerV2 and
	// HealthControllerV2's @Secured say; ClientInfoControllerV2 is
	// "nacos/admin", for global admins only.
	read, write := nacosaccess.NamingRead, nacosaccess.NamingWrite
	table := []struct {
		pattern string
		h       handlerFunc
		access  *httpx.Access
	}{
		{"POST " + instancePath, a.registerInstance, write},
		{"DELETE " + instancePath, a.deregisterInstance, write},
		{"PUT " + instancePath, a.updateInstance, write},
		{"GET " + instancePath, a.instanceDetail, read},
		{"GET " + instanceListPath, a.listInstances, read},
		{"PUT " + instanceBeatPath, a.beat, write},
		{"PUT " + metadataBatchPath, a.batchUpdateMetadata, write},
		{"DELETE " + metadataBatchPath, a.batchDeleteMetadata, write},
		{"POST " + servicePath, a.createService, write},
		{"DELETE " + servicePath, a.deleteService, write},
		{"PUT " + servicePath, a.updateService, write},
		{"GET " + servicePath, a.serviceDetail, read},
		{"GET " + serviceListPath, a.listServices, read},
		// HealthControllerV2 maps both the bare path and /instance.
		{"PUT " + healthPath, a.updateHealth, write},
		{"PUT " + healthInstancePath, a.updateHealth, write},
		{"GET " + clientListPath, a.listClients, nil},
		{"GET " + clientPath, a.clientDetail, nil},
		{"GET " + clientPublishPath, a.clientPublished, nil},
		{"GET " + clientSubscribePath, a.clientSubscribed, nil},
		{"GET " + publisherListPath, a.servicePublishers, nil},
		{"GET " + subscriberListPath, a.serviceSubscribers, nil},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: a.wrap(e.h), Access: e.access})
	}
	return routes
}

// handlerFunc is one endpoint: it answers the envelope's data or an error.
type handlerFunc func(r *http.Request, p httpx.Params) (any, error)
