package v1

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// switches: GET operator/switches.
func (h *handler) switches(w http.ResponseWriter, r *http.Request, _ httpx.Params) error {
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	return writeJackson(w, nacoswire.NewSwitchDomain(sw))
}

// updateSwitch: PUT operator/switches sets one switch by its Nacos entry
// name. Unknown entries change nothing and answer "ok", as in Nacos.
// "debug" (apply on this node only) is accepted; the store is shared, so
// every change applies everywhere.
func (h *handler) updateSwitch(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	entry := p.Str("entry", "")
	if entry == "" {
		return errMissing("entry")
	}
	value := p.Str("value", "")
	if value == "" {
		return errMissing("value")
	}
	if _, err := boolParam(p, "debug", false); err != nil {
		return err
	}
	err := h.reg.UpdateSwitches(r.Context(), func(s *naming.Switches) error {
		_, err := naming.SetSwitch(s, entry, value)
		return err
	})
	if err != nil {
		return err
	}
	return writeOK(w)
}
