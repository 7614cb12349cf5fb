package nacosform

import (
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/api/nacos/nacosresult"
	"github.com/causeway-dev/causeway/api/nacos/nacoswire"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Namespaces serves the console namespace routes NamespaceControllerV2
// (Nacos 2) and NamespaceControllerV3 (Nacos 3) share over one tenancy
// service; each method is a nacosresult.Handler.
type Namespaces struct {
	Svc *tenancy.Service
	// AbsentIDIsEmpty reads a create without namespaceId as one with an
	// empty id, which gets a UUID. Nacos 3's SDK createNamespace(name,
	// desc) sends the id "" and its form encoder drops empty values, so
	// Nacos 3.1's NamespaceForm.validate() rejects the call it documents;
	// Causeway's v3 takes it, as the seed says. v2 keeps the rejection.
	AbsentIDIsEmpty bool
}

// List answers every namespace.
func (n Namespaces) List(_ *http.Request, _ httpx.Params) (any, error) {
	return nacoswire.Namespaces(n.Svc.List()), nil
}

// Get answers one namespace under the id as asked: Nacos echoes "public"
// or "" for the default namespace. A missing one is 404, 22001.
func (n Namespaces) Get(_ *http.Request, p httpx.Params) (any, error) {
	id, err := RequestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	ns, err := n.Svc.Get(id)
	if err != nil {
		return nil, nacosresult.WithStatus(http.StatusNotFound, err)
	}
	return nacoswire.NamespaceOf(id, ns), nil
}

// Create follows createNamespace step by step: form presence, id pattern
// and length, a taken id (400, 22000), the name, then the guarded write
// whose lost race Nacos answers 500, 22002. An empty id gets a UUID.
func (n Namespaces) Create(r *http.Request, p httpx.Params) (any, error) {
	if _, ok := p.Values["namespaceId"]; !ok && n.AbsentIDIsEmpty {
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
		if n.Svc.Exists(id) {
			return nil, registry.FieldErrorf(registry.KindNamespace, "namespaceId",
				"the namespaceId is existed, namespaceId: %s", raw)
		}
	}
	_, err = n.Svc.Create(r.Context(), raw, name, p.Get("namespaceDesc"))
	if registry.KindOf(err) == registry.KindNamespaceExists {
		return nil, nacosresult.WithStatus(http.StatusInternalServerError, err)
	}
	return err == nil, err
}

// Update replaces name and description. Nacos runs an UPDATE that may
// match no row and answers true regardless, so editing the default
// namespace or an unknown one answers true and changes nothing.
func (n Namespaces) Update(r *http.Request, p httpx.Params) (any, error) {
	id, name, err := namespaceForm(p)
	if err != nil {
		return nil, err
	}
	if err := tenancy.ValidateName(name); err != nil {
		return nil, err
	}
	_, err = n.Svc.Update(r.Context(), id, name, p.Get("namespaceDesc"))
	return unreportedTrue(err)
}

// Delete deletes a namespace; like Update, Nacos answers true when nothing
// matched.
func (n Namespaces) Delete(r *http.Request, p httpx.Params) (any, error) {
	id, err := RequestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	return unreportedTrue(n.Svc.Delete(r.Context(), id))
}

// Check answers 1 when the namespace exists, else 0, as Nacos 3's
// /check counts rows of its tenant table.
func (n Namespaces) Check(_ *http.Request, p httpx.Params) (any, error) {
	id, err := RequestParam(p, "namespaceId")
	if err != nil {
		return nil, err
	}
	if n.Svc.Exists(id) {
		return 1, nil
	}
	return 0, nil
}

// unreportedTrue answers true for the errors Nacos does not report (see
// tenancy.Unreported); everything else stays an error.
func unreportedTrue(err error) (any, error) {
	if err == nil || tenancy.Unreported(err) {
		return true, nil
	}
	return nil, err
}

// RequestParam reads a required @RequestParam String: Spring treats a
// parameter sent empty as present, so only an absent one is missing.
func RequestParam(p httpx.Params, name string) (string, error) {
	if _, ok := p.Values[name]; !ok {
		return "", nacosresult.QueryMissing(name, "String")
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
