package v2

import (
	"log/slog"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
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
	return httpx.Dialect{Name: "nacos-v2", Routes: a.routes(), Deny: deny}
}

func (a *api) routes() []httpx.Route {
	table := []struct {
		pattern string
		h       handlerFunc
	}{
		{"POST " + instancePath, a.registerInstance},
		{"DELETE " + instancePath, a.deregisterInstance},
		{"PUT " + instancePath, a.updateInstance},
		{"GET " + instancePath, a.instanceDetail},
		{"GET " + instanceListPath, a.listInstances},
		{"PUT " + instanceBeatPath, a.beat},
		{"PUT " + metadataBatchPath, a.batchUpdateMetadata},
		{"DELETE " + metadataBatchPath, a.batchDeleteMetadata},
		{"POST " + servicePath, a.createService},
		{"DELETE " + servicePath, a.deleteService},
		{"PUT " + servicePath, a.updateService},
		{"GET " + servicePath, a.serviceDetail},
		{"GET " + serviceListPath, a.listServices},
		// HealthControllerV2 maps both the bare path and /instance.
		{"PUT " + healthPath, a.updateHealth},
		{"PUT " + healthInstancePath, a.updateHealth},
		{"GET " + clientListPath, a.listClients},
		{"GET " + clientPath, a.clientDetail},
		{"GET " + clientPublishPath, a.clientPublished},
		{"GET " + clientSubscribePath, a.clientSubscribed},
		{"GET " + publisherListPath, a.servicePublishers},
		{"GET " + subscriberListPath, a.serviceSubscribers},
	}
	routes := make([]httpx.Route, 0, len(table))
	for _, e := range table {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: a.wrap(e.h)})
	}
	return routes
}

// handlerFunc is one endpoint: it answers the envelope's data or an error.
type handlerFunc func(r *http.Request, p httpx.Params) (any, error)
