package v1

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
)

// updateHealth: PUT /health/instance sets the health of a persistent
// instance by hand. "healthy" may also be sent under its 1.x name "valid".
// Ephemeral instances are judged by their beats and refused, with Nacos's
// "health check is still working" message.
func (h *handler) updateHealth(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	name := "healthy"
	if !p.Has(name) {
		name = "valid"
	}
	if !p.Has(name) {
		return errRequired("healthy")
	}
	healthy, err := boolParam(p, name, false)
	if err != nil {
		return err
	}
	ref, err := instanceRef(p)
	if err != nil {
		return err
	}
	if err := h.reg.SetHealth(r.Context(), ref, healthy); err != nil {
		return h.instanceNotFound(err, ref)
	}
	return writeOK(w)
}
