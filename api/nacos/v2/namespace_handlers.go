package v2

import (
	"errors"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// nsView is Nacos's Namespace model as the console API answers it.
type nsView struct {
	Namespace         string  `json:"namespace"`
	NamespaceShowName string  `json:"namespaceShowName"`
	NamespaceDesc     *string `json:"namespaceDesc"`
	Quota             int     `json:"quota"`
	ConfigCount       int     `json:"configCount"`
	Type              int     `json:"type"`
}

// toView renders n under the id the client should see. Nacos stores no
// description as null, so an empty one answers null.
func toView(id string, n tenancy.Namespace) nsView {
	v := nsView{Namespace: id, NamespaceShowName: n.Name, Quota: n.Quota, ConfigCount: n.ConfigCount, Type: n.Type}
	if n.Desc != "" {
		v.NamespaceDesc = &n.Desc
	}
	return v
}

// list answers every namespace; the default one is listed under the empty
// id, Nacos's namespaceDefaultId.
func (a *nsAPI) list(_ *http.Request, _ httpx.Params) (any, error) {
	all := a.ns.List()
	out := make([]nsView, len(all))
	for i, n := range all {
		id := n.ID
		if n.Type == tenancy.TypeGlobal {
			id = ""
		}
		out[i] = toView(id, n)
	}
	return out, nil
}

// get answers one namespace under the id as asked: Nacos echoes "public"
// or "" for the default namespace.
func (a *nsAPI) get(_ *http.Request, p httpx.Params) (any, error) {
	id, err := requestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	n, err := a.ns.Get(id)
	if err != nil {
		return nil, withStatus(http.StatusNotFound, err)
	}
	return toView(id, n), nil
}

// create follows NamespaceControllerV2.createNamespace step by step: form
// presence, id pattern and length, a taken id (400, 22000), the name, then
// the guarded write whose lost race Nacos answers 500, 22002.
func (a *nsAPI) create(r *http.Request, p httpx.Params) (any, error) {
	raw, name, err := namespaceForm(p)
	if err != nil {
		return nil, err
	}
	if id := strings.TrimSpace(raw); id != "" {
		if err := tenancy.ValidateID(id); err != nil {
			return nil, err
		}
		if a.ns.Exists(id) {
			return nil, registry.FieldErrorf(registry.KindNamespace, "namespaceId",
				"the namespaceId is existed, namespaceId: %s", raw)
		}
	}
	_, err = a.ns.Create(r.Context(), raw, name, p.Get("namespaceDesc"))
	if registry.KindOf(err) == registry.KindNamespaceExists {
		return nil, withStatus(http.StatusInternalServerError, err)
	}
	return err == nil, err
}

// edit replaces name and description. Nacos runs an UPDATE that may match
// no row and answers true regardless, so editing the default namespace or
// an unknown one answers true and changes nothing.
func (a *nsAPI) edit(r *http.Request, p httpx.Params) (any, error) {
	id, name, err := namespaceForm(p)
	if err != nil {
		return nil, err
	}
	if err := tenancy.ValidateName(name); err != nil {
		return nil, err
	}
	_, err = a.ns.Update(r.Context(), id, name, p.Get("namespaceDesc"))
	return nacosNoop(err)
}

// remove deletes a namespace; like edit, Nacos answers true when nothing
// matched.
func (a *nsAPI) remove(r *http.Request, p httpx.Params) (any, error) {
	id, err := requestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	return nacosNoop(a.ns.Delete(r.Context(), id))
}

// nacosNoop answers true for the errors Nacos does not report: the default
// namespace's immutability and an unknown id. Everything else stays an
// error (a too long description, a store failure).
func nacosNoop(err error) (any, error) {
	if err == nil {
		return true, nil
	}
	var re *registry.Error
	if errors.As(err, &re) && (re.Kind == registry.KindNamespaceNotFound ||
		(re.Kind == registry.KindNamespace && re.Field == "namespaceId")) {
		return true, nil
	}
	return nil, err
}

// requestParam reads a required @RequestParam String: Spring treats a
// parameter sent empty as present, so only an absent one is missing.
func requestParam(p httpx.Params, name string) (string, error) {
	if _, ok := p.Values[name]; !ok {
		return "", queryMissing(name, "String")
	}
	return p.Get(name), nil
}

// namespaceForm reads NamespaceForm's two required fields with its
// validate() wording; as there, an empty value is present.
func namespaceForm(p httpx.Params) (id, name string, err error) {
	for _, f := range []string{"namespaceId", "namespaceName"} {
		if _, ok := p.Values[f]; !ok {
			return "", "", registry.FieldErrorf(registry.KindMissing, f, "required parameter '%s' is missing", f)
		}
	}
	return p.Get("namespaceId"), p.Get("namespaceName"), nil
}
