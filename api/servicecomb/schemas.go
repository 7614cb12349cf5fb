package servicecomb

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"

	"github.com/causeway-dev/causeway/registry"
	sc "github.com/causeway-dev/causeway/registry/servicecomb"
)

// getSchema answers {"schema"} with the summary in X-Schema-Summary.
func (a *api) getSchema(w http.ResponseWriter, r *http.Request) error {
	s, err := a.reg.GetSchema(project(r), r.PathValue("service_id"), r.PathValue("schema_id"))
	if err != nil {
		return err
	}
	w.Header().Set("X-Schema-Summary", s.Summary)
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"schema": s.Schema})
	return nil
}

// listSchemas answers {"schemas":[{schemaId, summary}]}, with each
// schema's content when withSchema=1.
func (a *api) listSchemas(w http.ResponseWriter, r *http.Request) error {
	with := r.URL.Query().Get("withSchema")
	if with != "" && with != "0" && with != "1" {
		return registry.FieldErrorf(registry.KindInvalid, "withSchema", "withSchema must be 0 or 1")
	}
	list, err := a.reg.ListSchemas(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	out := make([]sc.Schema, len(list))
	for i, s := range list {
		out[i] = sc.Schema{SchemaID: s.SchemaID, Summary: s.Summary}
		if with == "1" {
			out[i].Schema = s.Schema
		}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"schemas": out})
	return nil
}

// putSchema: PUT .../schemas/{schema_id} {"schema","summary"}.
func (a *api) putSchema(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Schema  string `json:"schema"`
		Summary string `json:"summary"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	s := sc.Schema{SchemaID: r.PathValue("schema_id"), Schema: b.Schema, Summary: b.Summary}
	if err := a.reg.PutSchemas(r.Context(), project(r), r.PathValue("service_id"), []sc.Schema{s}); err != nil {
		return err
	}
	return ok(w)
}

// postSchemas: POST .../schemas {"schemas":[...]} stores several at once
// (service-center's batch form, what sc-client's AddSchemas sends).
func (a *api) postSchemas(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Schemas []sc.Schema `json:"schemas"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if err := a.reg.PutSchemas(r.Context(), project(r), r.PathValue("service_id"), b.Schemas); err != nil {
		return err
	}
	return ok(w)
}

// deleteSchema: DELETE .../schemas/{schema_id}.
func (a *api) deleteSchema(w http.ResponseWriter, r *http.Request) error {
	if err := a.reg.DeleteSchema(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("schema_id")); err != nil {
		return err
	}
	return ok(w)
}
