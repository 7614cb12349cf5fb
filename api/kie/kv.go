package kie

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/kie"
)

// kvRequest is a create or update body: seed 004 §8.7.1/§8.7.2's fields
// plus those go-chassis/kie-client's KVRequest always sends (id, and check
// for kie's script checker, which Causeway does not run).
type kvRequest struct {
	ID        string            `json:"id"`
	Key       string            `json:"key"`
	Value     *string           `json:"value"`
	Labels    map[string]string `json:"labels"`
	Status    *string           `json:"status"`
	ValueType *string           `json:"value_type"`
	Check     string            `json:"check"`
}

func invalid(field, msg string) error {
	return registry.FieldErrorf(registry.KindInvalid, field, "%s: %s", field, msg)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// create is POST /v1/{project_id}/kie/kv.
func (a *api) create(w http.ResponseWriter, r *http.Request) error {
	var in kvRequest
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	switch {
	case in.ID != "":
		return invalid("id", "is assigned by the server")
	case in.Check != "":
		return invalid("check", "kv checkers are not supported")
	}
	project := r.PathValue("project_id")
	kv, err := a.svc.Create(r.Context(), kie.CreateInput{Project: project, Key: in.Key, Value: str(in.Value),
		ValueType: str(in.ValueType), Status: str(in.Status), Labels: in.Labels})
	if err != nil {
		return err
	}
	a.setRevision(w, project)
	httpx.WriteJSON(w, http.StatusOK, docOf(kv))
	return nil
}

// get is GET /v1/{project_id}/kie/kv/{kv_id}.
func (a *api) get(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	kv, err := a.svc.Get(project, r.PathValue("kv_id"))
	if err != nil {
		return err
	}
	a.setRevision(w, project)
	httpx.WriteJSON(w, http.StatusOK, docOf(kv))
	return nil
}

// update is PUT /v1/{project_id}/kie/kv/{kv_id}.
func (a *api) update(w http.ResponseWriter, r *http.Request) error {
	var in kvRequest
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	project, id := r.PathValue("project_id"), r.PathValue("kv_id")
	switch {
	case in.ID != "" && in.ID != id:
		return invalid("id", "differs from the kv_id of the path")
	case in.Check != "":
		return invalid("check", "kv checkers are not supported")
	}
	kv, err := a.svc.Update(r.Context(), kie.UpdateInput{Project: project, ID: id, Key: in.Key, Labels: in.Labels,
		Value: in.Value, ValueType: in.ValueType, Status: in.Status})
	if err != nil {
		return err
	}
	a.setRevision(w, project)
	httpx.WriteJSON(w, http.StatusOK, docOf(kv))
	return nil
}

// delete is DELETE /v1/{project_id}/kie/kv/{kv_id}: 204, as the seed's
// example and kie-client have it (its status table says 200).
func (a *api) delete(w http.ResponseWriter, r *http.Request) error {
	project := r.PathValue("project_id")
	if err := a.svc.Delete(r.Context(), project, r.PathValue("kv_id")); err != nil {
		return err
	}
	a.setRevision(w, project)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deleteMany is DELETE /v1/{project_id}/kie/kv with {"ids": [...]}.
func (a *api) deleteMany(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		IDs []string `json:"ids"`
	}
	if err := decodeBody(w, r, &in); err != nil {
		return err
	}
	project := r.PathValue("project_id")
	if err := a.svc.DeleteMany(r.Context(), project, in.IDs); err != nil {
		return err
	}
	a.setRevision(w, project)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
