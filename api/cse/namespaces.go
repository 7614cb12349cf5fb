package cse

import (
	"net/http"
	"regexp"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// namespacesPath is the Nacos namespace console of seed 004 §6. The
// managed service fronts the engine's Nacos console there, so a success
// answers as Nacos's v1 console does: the list in a RestResult, a write
// as true. Failures answer the CSE error shape.
const namespacesPath = "/v1/{project_id}/nacos/v1/console/namespaces"

// engineHeader names the engine a §6 request is about (seed: required).
const engineHeader = "x-engine-id"

// enginePattern is what an engine id may look like (a UUID in the managed
// service); the header reaches EngineNamespaces only when it matches.
var enginePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// namespaceRoutes are the §6 routes. As on Nacos's consoles, any
// authenticated user lists namespaces (a client lists them before it
// knows what it may touch) and only global admins change them: a
// namespace is not inside one project (see access.go).
func (a *api) namespaceRoutes() []route {
	return []route{
		{"GET " + namespacesPath, a.listNamespaces, httpx.AnyUser},
		{"POST " + namespacesPath, a.createNamespace, nil},
		{"PUT " + namespacesPath, a.updateNamespace, nil},
		{"DELETE " + namespacesPath, a.deleteNamespace, nil},
	}
}

// engineNamespaces answers the namespaces of the request's engine.
func (a *api) engineNamespaces(r *http.Request) (Namespaces, error) {
	engine := r.Header.Get(engineHeader)
	if engine == "" {
		return nil, &registry.Error{Kind: registry.KindMissing, Field: engineHeader, Msg: engineHeader + ": required header"}
	}
	if !enginePattern.MatchString(engine) {
		return nil, bodyInvalid(engineHeader, "must be 1-64 letters, digits, '-' or '_', starting with a letter or digit")
	}
	return a.engines(r.Context(), r.PathValue("project_id"), engine)
}

// listNamespaces: GET with offset and limit (0: no paging; both optional,
// as clients of the managed service send neither) answers
// {"code":200,"message":null,"data":[...]}, the default namespace first
// under the empty id, as Nacos lists it.
func (a *api) listNamespaces(w http.ResponseWriter, r *http.Request) error {
	q, err := readQuery(r.URL.RawQuery, pOffset, pLimit)
	if err != nil {
		return err
	}
	offset, err := q.count(pOffset)
	if err != nil {
		return err
	}
	limit, err := q.count(pLimit)
	if err != nil {
		return err
	}
	ns, err := a.engineNamespaces(r)
	if err != nil {
		return err
	}
	all := nacoswire.Namespaces(ns.List())
	all = all[min(offset, len(all)):]
	if limit > 0 {
		all = all[:min(limit, len(all))]
	}
	httpx.WriteJSON(w, http.StatusOK, nacoswire.RestResult{Code: http.StatusOK, Data: all})
	return nil
}

// idAndName reads a write's required namespace id and name; tenancy trims
// the id, so checking it first refuses a padded one.
func idAndName(q query, idParam, nameParam param) (id, name string, err error) {
	if id, err = q.required(idParam); err != nil {
		return "", "", err
	}
	if name, err = q.required(nameParam); err != nil {
		return "", "", err
	}
	if err := tenancy.ValidateID(id); err != nil {
		return "", "", err
	}
	return id, name, nil
}

// createNamespace: POST with an id (required here, unlike Nacos, which
// makes one up), a name and an optional description. A taken id is 409.
func (a *api) createNamespace(w http.ResponseWriter, r *http.Request) error {
	q, err := readQuery(r.URL.RawQuery, pCustomID, pNamespaceName, pNamespaceDesc)
	if err != nil {
		return err
	}
	id, name, err := idAndName(q, pCustomID, pNamespaceName)
	if err != nil {
		return err
	}
	ns, err := a.engineNamespaces(r)
	if err != nil {
		return err
	}
	if _, err := ns.Create(r.Context(), id, name, q[pNamespaceDesc.seed]); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, true)
	return nil
}

// updateNamespace: PUT with the id, the new name and the new description.
// A description not sent is kept (clients of the managed service send
// only the name). An unknown id is 404, the default namespace 400.
func (a *api) updateNamespace(w http.ResponseWriter, r *http.Request) error {
	q, err := readQuery(r.URL.RawQuery, pNamespace, pShowName, pNamespaceDesc)
	if err != nil {
		return err
	}
	id, name, err := idAndName(q, pNamespace, pShowName)
	if err != nil {
		return err
	}
	ns, err := a.engineNamespaces(r)
	if err != nil {
		return err
	}
	desc, sent := q[pNamespaceDesc.seed]
	if !sent && !tenancy.IsPublic(id) {
		cur, err := ns.Get(id)
		if err != nil {
			return err
		}
		desc = cur.Desc
	}
	if _, err := ns.Update(r.Context(), id, name, desc); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, true)
	return nil
}

// deleteNamespace: DELETE with the id. Deleting a namespace that does not
// exist succeeds, as on the managed service (and Nacos): the namespace is
// gone either way. The default namespace cannot be deleted (400).
func (a *api) deleteNamespace(w http.ResponseWriter, r *http.Request) error {
	q, err := readQuery(r.URL.RawQuery, pNamespaceID)
	if err != nil {
		return err
	}
	id, err := q.required(pNamespaceID)
	if err != nil {
		return err
	}
	// A malformed id is a mistake, not a namespace that is already gone.
	if err := tenancy.ValidateID(id); err != nil {
		return err
	}
	ns, err := a.engineNamespaces(r)
	if err != nil {
		return err
	}
	if err := ns.Delete(r.Context(), id); err != nil && registry.KindOf(err) != registry.KindNamespaceNotFound {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, true)
	return nil
}
