package servicecomb

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
)

// listTags: GET .../tags answers {"tags":{...}}, no field when there are
// none (service-center omits an empty map).
func (a *api) listTags(w http.ResponseWriter, r *http.Request) error {
	tags, err := a.reg.ListTags(project(r), r.PathValue("service_id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		Tags map[string]string `json:"tags,omitempty"`
	}{tags})
	return nil
}

// putTags: POST .../tags {"tags":{...}} replaces the tags.
func (a *api) putTags(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Tags map[string]string `json:"tags"`
	}
	if err := decodeBody(w, r, &b); err != nil {
		return err
	}
	if err := a.reg.PutTags(r.Context(), project(r), r.PathValue("service_id"), b.Tags); err != nil {
		return err
	}
	return ok(w)
}

// updateTag: PUT .../tags/{key}?value= changes an existing tag.
func (a *api) updateTag(w http.ResponseWriter, r *http.Request) error {
	if err := a.reg.UpdateTag(r.Context(), project(r), r.PathValue("service_id"), r.PathValue("key"), r.URL.Query().Get("value")); err != nil {
		return err
	}
	return ok(w)
}

// deleteTags: DELETE .../tags/{key1},{key2} removes tags.
func (a *api) deleteTags(w http.ResponseWriter, r *http.Request) error {
	keys := strings.Split(r.PathValue("key"), ",")
	if err := a.reg.DeleteTags(r.Context(), project(r), r.PathValue("service_id"), keys); err != nil {
		return err
	}
	return ok(w)
}
