package v1

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry/naming"
)

// beat: PUT /instance/beat. A full beat (the "beat" JSON) carries the whole
// instance, and re-registers it when the server lost it; a light beat (ip,
// port and clusterName parameters) only refreshes a known instance and
// answers code 20404 for an unknown one, telling the client to register.
func (h *handler) beat(w http.ResponseWriter, r *http.Request, p httpx.Params) error {
	bi, err := naming.ParseBeat(p.Get("beat"))
	if err != nil {
		return err
	}
	k, err := serviceKey(p, errRequired)
	if err != nil {
		return err
	}
	ref, err := beatTarget(p, k, bi)
	if err != nil {
		return err
	}
	sw, err := h.reg.GetSwitches(r.Context())
	if err != nil {
		return err
	}
	full := bi.Instance(ref)
	res, err := h.reg.Beat(r.Context(), ref, full)
	reply, err := nacoswire.NewBeatReply(res, err, full == nil, sw)
	if err != nil {
		return err
	}
	return writeJackson(w, reply)
}

// beatTarget works out which instance a beat is for: the beat's, or for a
// light beat the one its ip, port and clusterName parameters name.
func beatTarget(p httpx.Params, k naming.ServiceKey, bi *naming.BeatInfo) (naming.InstanceRef, error) {
	cluster, err := clusterParam(p)
	if err != nil {
		return naming.InstanceRef{}, err
	}
	if bi != nil {
		return bi.Ref(k, cluster), nil
	}
	if !p.Has("ip") {
		return naming.InstanceRef{}, errRequired("beat")
	}
	ip := p.Str("ip", "")
	if err := naming.ValidateIP(ip); err != nil {
		return naming.InstanceRef{}, err
	}
	port, err := portParam(p, "port")
	return naming.InstanceRef{Service: k, IP: ip, Port: port, Cluster: cluster}, err
}
