package v2

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// list answers every namespace.
func (a *nsAPI) list(_ *http.Request, _ httpx.Params) (any, error) {
	return nacoswire.Namespaces(a.ns.List()), nil
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
	return nacoswire.NamespaceOf(id, n), nil
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

// nacosNoop answers true for the errors Nacos does not report (see
// tenancy.Unreported); everything else stays an error.
func nacosNoop(err error) (any, error) {
	if err == nil || tenancy.Unreported(err) {
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
