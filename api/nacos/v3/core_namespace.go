package v3

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// The namespace routes (NamespaceControllerV3) over the same namespaces
// the v1 and v2 console APIs serve, with v2's rules.

func (a *api) namespaceList(_ *http.Request, _ httpx.Params) (any, error) {
	return nacoswire.Namespaces(a.deps.Namespaces.List()), nil
}

// namespaceGet answers one namespace; a missing one is 404, 22001.
func (a *api) namespaceGet(_ *http.Request, p httpx.Params) (any, error) {
	id, err := requestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	n, err := a.deps.Namespaces.Get(id)
	if err != nil {
		return nil, nacosresult.WithStatus(http.StatusNotFound, err)
	}
	return nacoswire.NamespaceOf(id, n), nil
}

// namespaceCreate follows createNamespace: form presence, id pattern and
// length, a taken id (400, 22000), the name, then the guarded write whose
// lost race Nacos answers 500, 22002. An empty id gets a UUID.
//
// The SDK's createNamespace(name, desc) sends the id "" and its form
// encoder drops empty values, so Nacos 3.1's NamespaceForm.validate()
// rejects the call it documents; Causeway reads an absent id as empty and
// generates one, as the seed says.
func (a *api) namespaceCreate(r *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["namespaceId"]; !ok {
		if p.Values == nil {
			p.Values = map[string][]string{}
		}
		p.Set("namespaceId", "")
	}
	raw, name, err := namespaceForm(p)
	if err != nil {
		return nil, err
	}
	if id := strings.TrimSpace(raw); id != "" {
		if err := tenancy.ValidateID(id); err != nil {
			return nil, err
		}
		if a.deps.Namespaces.Exists(id) {
			return nil, registry.FieldErrorf(registry.KindNamespace, "namespaceId",
				"the namespaceId is existed, namespaceId: %s", raw)
		}
	}
	_, err = a.deps.Namespaces.Create(r.Context(), raw, name, p.Get("namespaceDesc"))
	if registry.KindOf(err) == registry.KindNamespaceExists {
		return nil, nacosresult.WithStatus(http.StatusInternalServerError, err)
	}
	return err == nil, err
}

// namespaceUpdate replaces name and description; like Nacos's UPDATE that
// matches no row, an unknown or the default namespace answers true.
func (a *api) namespaceUpdate(r *http.Request, p httpx.Params) (any, error) {
	id, name, err := namespaceForm(p)
	if err != nil {
		return nil, err
	}
	if err := tenancy.ValidateName(name); err != nil {
		return nil, err
	}
	_, err = a.deps.Namespaces.Update(r.Context(), id, name, p.Get("namespaceDesc"))
	return nacosNoop(err)
}

// namespaceDelete deletes a namespace; true when nothing matched, too.
func (a *api) namespaceDelete(r *http.Request, p httpx.Params) (any, error) {
	id, err := requestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	return nacosNoop(a.deps.Namespaces.Delete(r.Context(), id))
}

// namespaceCheck answers 1 when the namespace exists, else 0 (Nacos
// counts rows of its tenant table).
func (a *api) namespaceCheck(_ *http.Request, p httpx.Params) (any, error) {
	id, err := requestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	if a.deps.Namespaces.Exists(id) {
		return 1, nil
	}
	return 0, nil
}

func nacosNoop(err error) (any, error) {
	if err == nil || tenancy.Unreported(err) {
		return true, nil
	}
	return nil, err
}

// requestParam reads a required @RequestParam String: Spring treats a
// parameter sent empty as present.
func requestParam(p httpx.Params, name string) (string, error) {
	if _, ok := p.Values[name]; !ok {
		return "", nacosresult.QueryMissing(name, "String")
	}
	return p.Get(name), nil
}

// namespaceForm reads NamespaceForm's two required fields with its
// validate() wording.
func namespaceForm(p httpx.Params) (id, name string, err error) {
	for _, f := range []string{"namespaceId", "namespaceName"} {
		if _, ok := p.Values[f]; !ok {
			return "", "", registry.FieldErrorf(registry.KindMissing, f, "required parameter '%s' is missing", f)
		}
	}
	return p.Get("namespaceId"), p.Get("namespaceName"), nil
}
