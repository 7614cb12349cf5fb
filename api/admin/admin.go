// Package admin serves Causeway's own operator API: what the xDS server has
// sent to whom (/causeway/v1/xds/...) and the Prometheus metrics (/metrics).
// It only reads; nothing here changes configuration.
package admin

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/controlplane/xds"
	"github.com/causeway-dev/causeway/registry"
)

// XDS is the read-only view of the xDS server this API shows.
type XDS interface {
	Nodes() []xds.NodeStatus
	ConfigDump(nodeID string) ([]xds.TypeDump, bool, error)
}

// Dialect answers the admin routes. Metrics are public, as scrapers
// expect; node lists and config dumps need a token when auth is on.
func Dialect(x XDS, gatherer prometheus.Gatherer) httpx.Dialect {
	h := &handler{x: x}
	return httpx.Dialect{Name: "causeway-admin", Deny: deny, Routes: []httpx.Route{
		{Pattern: "GET /causeway/v1/xds/nodes", Handler: http.HandlerFunc(h.nodes)},
		{Pattern: "GET /causeway/v1/xds/config_dump", Handler: http.HandlerFunc(h.configDump)},
		{Pattern: "GET /metrics", Handler: promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}), Public: true},
	}}
}

type handler struct{ x XDS }

func (h *handler) nodes(w http.ResponseWriter, _ *http.Request) {
	nodes := h.x.Nodes()
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"total": len(nodes), "data": nodes})
}

func (h *handler) configDump(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("node")
	if id == "" {
		writeError(w, http.StatusBadRequest, "the node parameter is required")
		return
	}
	dump, found, err := h.x.ConfigDump(id)
	switch {
	case err != nil:
		writeError(w, http.StatusInternalServerError, err.Error())
	case !found:
		writeError(w, http.StatusNotFound, "no connected node "+strconv.Quote(id))
	default:
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"node": id, "configs": dump})
	}
}

// errorBody is Causeway's error shape, the CSE family's.
type errorBody struct {
	Code string `json:"error_code"`
	Msg  string `json:"error_msg"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	httpx.WriteJSON(w, status, errorBody{Code: "CW." + strconv.Itoa(status), Msg: msg})
}

// writeRegistryError answers a registry error: 400 for invalid input, 500
// otherwise.
func writeRegistryError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	if registry.KindOf(err) == registry.KindInvalid {
		status = http.StatusBadRequest
	}
	writeError(w, status, err.Error())
}

// deny answers an authentication failure 401 and a missing permission
// (every admin route is for global admins only) 403.
func deny(w http.ResponseWriter, _ *http.Request, err error) {
	status := http.StatusUnauthorized
	if registry.KindOf(err) == registry.KindForbidden {
		status = http.StatusForbidden
	}
	writeError(w, status, err.Error())
}
