package v2

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosform"
	"github.com/causeway-dev/causeway/registry/naming"
)

// updateHealth sets the health of a persistent instance by hand (Nacos's
// UpdateHealthForm). Ephemeral instances are judged by their beats, so the
// registry refuses them with 21011.
func (a *api) updateHealth(r *http.Request, p httpx.Params) (any, error) {
	rd := nacosform.New(p, formMissing)
	healthy := rd.OptBool("healthy")
	if healthy == nil {
		// UpdateHealthForm checks healthy first, as a missing parameter
		// (10000), not with the 21010 code the table also has.
		rd.SetErr(formMissing("healthy", "Boolean"))
	}
	ref := naming.InstanceRef{Service: rd.ServiceKey()}
	ref.IP = rd.Need("ip")
	ref.Port = rd.NeedInt("port")
	ref.Cluster = rd.Str("clusterName", naming.DefaultCluster)
	if rd.Err() != nil {
		return nil, rd.Err()
	}
	if err := a.reg.SetHealth(r.Context(), ref, *healthy); err != nil {
		return nil, err
	}
	return "ok", nil
}
