package servicecomb

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// What each route needs of a user who is not a global admin: the
// registry is Nacos's naming resource, the project its namespace, the app
// its group (registry.GroupOfApp: app "default" is DEFAULT_GROUP) and the
// service name its name. Reads (finds, batch finds, discovery of
// providers included) need r, every change w; a heartbeat is a write.
//
// A route that addresses a microservice by id names no app: its app and
// name come from a lookup in the registry's in-memory view (one map read,
// no store access), made before the handler runs. An id the view does not
// know is scoped to the whole project, so probing ids with a group-scoped
// permission answers 403 and tells nothing; with a project-wide one the
// handler answers "does not exist" as before. A route whose app is only in
// its JSON body (create, batch delete, heartbeats, batch find) needs the
// whole project: the body is not read before authorization.

// inProject needs act on every app of the project.
func inProject(act auth.Action) *httpx.Access { return httpx.ProjectAccess(auth.TypeNaming, act) }

// byService needs act on the app and name of the microservice in the path.
func (a *api) byService(act auth.Action) *httpx.Access {
	return &httpx.Access{Type: auth.TypeNaming, Action: act, Scope: func(r *http.Request) (auth.Resource, error) {
		return a.serviceResource(r, r.PathValue("service_id"))
	}}
}

// serviceResource answers the resource of the microservice id in project;
// an unknown id is the whole project.
func (a *api) serviceResource(r *http.Request, id string) (auth.Resource, error) {
	res, err := httpx.ProjectResource(r, "", "")
	if err != nil {
		return res, err
	}
	if s, err := a.reg.GetService(project(r), id); err == nil {
		res.Group, res.Name = registry.GroupOfApp(s.AppID), s.ServiceName
	}
	return res, nil
}

// byQueryName needs r on the appId and serviceName of the query, as a find
// resolves them (no appId is the app "default").
var byQueryName = &httpx.Access{Type: auth.TypeNaming, Action: auth.Read, Scope: queryResource}

func queryResource(r *http.Request) (auth.Resource, error) {
	q := r.URL.Query()
	return httpx.ProjectResource(r, registry.GroupOfApp(q.Get("appId")), q.Get("serviceName"))
}

// existenceAccess needs r on what an existence check names: the app and
// name of the query (type=microservice) or the microservice of serviceId
// (type=schema).
func (a *api) existenceAccess() *httpx.Access {
	return &httpx.Access{Type: auth.TypeNaming, Action: auth.Read, Scope: func(r *http.Request) (auth.Resource, error) {
		if r.URL.Query().Get("type") == "schema" {
			return a.serviceResource(r, r.URL.Query().Get("serviceId"))
		}
		return queryResource(r)
	}}
}
