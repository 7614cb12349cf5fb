package v2

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/naming"
)

// updateHealth sets the health of a persistent instance by hand (Nacos's
// UpdateHealthForm). Ephemeral instances are judged by their beats, so the
// registry refuses them with 21011.
func (a *api) updateHealth(r *http.Request, p httpx.Params) (any, error) {
	rd := newReader(p, formMissing)
	healthy := rd.optBool("healthy")
	if healthy == nil {
		// UpdateHealthForm checks healthy first, as a missing parameter
		// (10000), not with the 21010 code the table also has.
		rd.setErr(formMissing("healthy", "Boolean"))
	}
	ref := naming.InstanceRef{Service: rd.serviceKey()}
	ref.IP = rd.need("ip")
	ref.Port = rd.needInt("port")
	ref.Cluster = rd.str("clusterName", naming.DefaultCluster)
	if rd.err != nil {
		return nil, rd.err
	}
	if err := a.reg.SetHealth(r.Context(), ref, *healthy); err != nil {
		return nil, err
	}
	return "ok", nil
}
