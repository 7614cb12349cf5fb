package servicecomb

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

type createBody struct {
	Service   *sc.Microservice  `json:"service"`
	Rules     []sc.Rule         `json:"rules"`
	Instances []sc.Instance     `json:"instances"`
	Tags      map[string]string `json:"tags"`
}

// createService: POST .../microservices answers {"serviceId"}.
func (a *api) createService(w http.ResponseWriter, r *http.Request) error {
	var b createBody
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if b.Service == nil {
		return registry.FieldErrorf(registry.KindInvalid, "service", "service is required")
	}
	id, err := a.reg.CreateService(r.Context(), project(r), sc.CreateInput{Service: *b.Service, Rules: b.Rules,
		Tags: b.Tags, Instances: b.Instances})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"serviceId": id})
	return nil
}

func (a *api) getService(w http.ResponseWriter, r *http.Request) error {
	s, err := a.reg.GetService(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"service": s})
	return nil
}

func (a *api) listServices(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"services": a.reg.ListServices(project(r))})
	return nil
}

// force reads the force query parameter: true or false, false when absent.
func force(r *http.Request) (bool, error) {
	switch v := r.URL.Query().Get("force"); strings.ToLower(v) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	default:
		return false, registry.FieldErrorf(registry.KindInvalid, "force", "force %q is not true or false", v)
	}
}

func (a *api) deleteService(w http.ResponseWriter, r *http.Request) error {
	f, err := force(r)
	if err != nil {
		return err
	}
	if err := a.reg.DeleteService(r.Context(), project(r), r.PathValue("service_id"), f); err != nil {
		return err
	}
	return ok(w)
}

// deleteServices: DELETE .../microservices {"serviceIds","force"} answers
// each service with, when it was not deleted, why. service-center reads
// force from the body (cari DelServicesRequest); force=true in the query,
// what the single delete takes, counts as well.
func (a *api) deleteServices(w http.ResponseWriter, r *http.Request) error {
	f, err := force(r)
	if err != nil {
		return err
	}
	var b struct {
		ServiceIDs []string `json:"serviceIds"`
		Force      bool     `json:"force"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	res, err := a.reg.DeleteServices(r.Context(), project(r), b.ServiceIDs, f || b.Force)
	if err != nil {
		return err
	}
	out := make([]deleteResult, len(res))
	for i, x := range res {
		out[i] = deleteResult{ServiceID: x.ServiceID, ErrMessage: errMessage(x.Err)}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"services": out})
	return nil
}

// deleteResult is cari's DelServicesRspInfo.
type deleteResult struct {
	ErrMessage string `json:"errMessage,omitempty"`
	ServiceID  string `json:"serviceId"`
}

func (a *api) updateServiceProperties(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Properties map[string]string `json:"properties"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if err := a.reg.UpdateProperties(r.Context(), project(r), r.PathValue("service_id"), b.Properties); err != nil {
		return err
	}
	return ok(w)
}

// existence: GET .../existence?type=microservice|schema answers the id of
// what the query names.
func (a *api) existence(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	switch q.Get("type") {
	case "microservice":
		id, err := a.reg.ExistService(project(r), q.Get("env"), q.Get("appId"), q.Get("serviceName"), q.Get("version"))
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"serviceId": id})
	case "schema":
		s, err := a.reg.GetSchema(project(r), q.Get("serviceId"), q.Get("schemaId"))
		if err != nil {
			return err
		}
		w.Header().Set("X-Schema-Summary", s.Summary)
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"schemaId": s.SchemaID, "summary": s.Summary})
	default:
		return registry.FieldErrorf(registry.KindInvalid, "type", "type must be microservice or schema")
	}
	return nil
}

func (a *api) providers(w http.ResponseWriter, r *http.Request) error {
	ps, err := a.reg.Providers(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"providers": ps})
	return nil
}
