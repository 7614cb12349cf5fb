package v1

import (
	"log/slog"
	"net"
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/api/nacos/nacosaccess"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Options configure the dialect.
type Options struct {
	// ServerAddr is the address this node advertises (host:port), reported
	// by operator/servers and raft/leader. A missing host means 127.0.0.1.
	ServerAddr string
	Logger     *slog.Logger
	// Cluster gives the members operator/servers lists, and Ready whether
	// this node serves (its state: UP, else STARTING); without Cluster
	// the list is this node alone, at ServerAddr.
	Cluster nacoswire.Cluster
	Ready   func() bool
	// Push, when set, pushes each change of a service over UDP to the
	// clients that query it with a udpPort (Nacos 1 clients listen for it),
	// until the socket is closed.
	Push *net.UDPConn
}

// base is the path prefix of the naming API.
const base = "/nacos/v1/ns"

// handler holds what every endpoint needs.
type handler struct {
	reg    *naming.Registry
	opts   Options
	log    *slog.Logger
	cpu    *cpuSampler
	lists  *listCache
	pusher *pusher // nil unless Options.Push
}

// endpoint is one handler: it writes a success answer or returns the error
// that errors.go turns into Nacos's answer.
type endpoint func(w http.ResponseWriter, r *http.Request, p httpx.Params) error

// Dialect answers the Nacos v1 naming routes backed by reg.
func Dialect(reg *naming.Registry, opts Options) httpx.Dialect {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	h := &handler{reg: reg, opts: opts, log: opts.Logger, cpu: newCPUSampler(), lists: newListCache()}
	if opts.Push != nil {
		h.pusher = startPusher(opts.Push, reg, h, opts.Logger)
	}
	return httpx.Dialect{Name: "nacos-v1-naming", Routes: h.routes(), Deny: nacosauth.Deny}
}

func (h *handler) routes() []httpx.Route {
	// Access as Nacos's @Secured says (InstanceController,
	// ServiceController, HealthController); switches are server-wide
	// ("naming/switches"), for global admins only.
	read, write := nacosaccess.NamingRead, nacosaccess.NamingWrite
	secured := []struct {
		pattern string
		fn      endpoint
		access  *httpx.Access
	}{
		{"POST " + base + "/instance", h.register, write},
		{"DELETE " + base + "/instance", h.deregister, write},
		{"PUT " + base + "/instance", h.updateInstance, write},
		{"GET " + base + "/instance", h.instanceDetail, read},
		{"GET " + base + "/instance/list", h.listInstances, read},
		{"PUT " + base + "/instance/beat", h.beat, write},
		{"PUT " + base + "/instance/metadata/batch", h.batchUpdateMetadata, write},
		{"DELETE " + base + "/instance/metadata/batch", h.batchDeleteMetadata, write},
		{"POST " + base + "/service", h.createService, write},
		{"DELETE " + base + "/service", h.deleteService, write},
		{"PUT " + base + "/service", h.updateService, write},
		{"GET " + base + "/service", h.serviceDetail, read},
		{"GET " + base + "/service/list", h.listServices, read},
		{"PUT " + base + "/operator/switches", h.updateSwitch, nil},
		{"PUT " + base + "/health", h.updateHealth, write},
		{"PUT " + base + "/health/instance", h.updateHealth, write},
	}
	// Nacos leaves these unsecured: clients probe them before logging in.
	public := []struct {
		pattern string
		fn      endpoint
	}{
		{"GET " + base + "/operator/switches", h.switches},
		{"GET " + base + "/operator/metrics", h.metrics},
		{"GET " + base + "/operator/servers", h.servers},
		{"GET " + base + "/raft/leader", h.raftLeader},
	}
	routes := make([]httpx.Route, 0, len(secured)+len(public))
	for _, e := range secured {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: h.wrap(e.fn), Access: e.access})
	}
	for _, e := range public {
		routes = append(routes, httpx.Route{Pattern: e.pattern, Handler: h.wrap(e.fn), Public: true})
	}
	return routes
}

// wrap reads the parameters, runs fn and answers its error. A panic is a bug;
// it is logged and answered as Nacos answers an unexpected exception rather
// than dropping the connection.
func (h *handler) wrap(fn endpoint) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				h.log.Error("nacos v1 handler panicked", "path", r.URL.Path, "panic", v)
				writeError(w, errInternal("internal error"))
			}
		}()
		p, err := httpx.ReadParams(w, r)
		if err != nil {
			err = errBadRequest(err.Error())
		} else {
			err = fn(w, r, p)
		}
		if err != nil {
			h.logError(r, err)
			writeError(w, err)
		}
	})
}

func (h *handler) logError(r *http.Request, err error) {
	status, _ := answerOf(err)
	if status >= 500 {
		h.log.Error("nacos v1 request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	h.log.Debug("nacos v1 request refused", "method", r.Method, "path", r.URL.Path, "err", err)
}
