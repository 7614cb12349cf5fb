package servicecomb

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// register: POST .../instances {"instance"} answers {"instanceId"}.
func (a *api) register(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Instance *sc.Instance `json:"instance"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if b.Instance == nil {
		return registry.FieldErrorf(registry.KindInvalid, "instance", "instance is required")
	}
	id, err := a.reg.RegisterInstance(r.Context(), project(r), r.PathValue("service_id"), *b.Instance)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"instanceId": id})
	return nil
}

func (a *api) listInstances(w http.ResponseWriter, r *http.Request) error {
	list, err := a.reg.ListInstances(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"instances": list})
	return nil
}

func (a *api) getInstance(w http.ResponseWriter, r *http.Request) error {
	in, err := a.reg.GetInstance(project(r), r.PathValue("service_id"), r.PathValue("instance_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"instance": in})
	return nil
}

func (a *api) deregister(w http.ResponseWriter, r *http.Request) error {
	if err := a.reg.Deregister(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("instance_id")); err != nil {
		return err
	}
	return ok(w)
}

func (a *api) updateInstanceProperties(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Properties map[string]string `json:"properties"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	err := a.reg.UpdateInstanceProperties(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("instance_id"), b.Properties)
	if err != nil {
		return err
	}
	return ok(w)
}

// updateStatus: PUT .../status?value=UP|DOWN|STARTING|TESTING|OUTOFSERVICE.
func (a *api) updateStatus(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query().Get("value")
	if v == "" {
		return registry.FieldErrorf(registry.KindInvalid, "value", "value is required")
	}
	if err := a.reg.UpdateStatus(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("instance_id"), v); err != nil {
		return err
	}
	return ok(w)
}

func (a *api) heartbeat(w http.ResponseWriter, r *http.Request) error {
	if err := a.reg.Heartbeat(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("instance_id")); err != nil {
		return err
	}
	return ok(w)
}

type heartbeatResult struct {
	ServiceID  string `json:"serviceId"`
	InstanceID string `json:"instanceId"`
	ErrMessage string `json:"errMessage,omitempty"`
}

// heartbeats: PUT .../registry/heartbeats {"instances":[{serviceId,
// instanceId}]} answers 200 with each instance and, when its beat failed,
// why (cari HeartbeatSetRequest / HeartbeatSetResponse).
func (a *api) heartbeats(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Instances []sc.InstanceRef `json:"instances"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	res, err := a.reg.Heartbeats(r.Context(), project(r), b.Instances)
	if err != nil {
		return err
	}
	out := make([]heartbeatResult, len(res))
	for i, x := range res {
		out[i] = heartbeatResult{x.ServiceID, x.InstanceID, errMessage(x.Err)}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"instances": out})
	return nil
}
