package httpx

import (
	"net/http"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// ProjectResource answers what a request under /{project_id}/ touches:
// the project's namespace (registry.NamespaceOfProject, so that project
// "default" is the namespace "public" and one permission covers both
// dialects), with group and name as given ("" is any, which only a
// group-wide or name-wide permission grants). A malformed project id is
// refused here already (registry.ValidateProject): the Scope runs before
// Mount's own project check, and no permission pattern should ever be
// matched against "../..".
func ProjectResource(r *http.Request, group, name string) (auth.Resource, error) {
	project := r.PathValue("project_id")
	if err := registry.ValidateProject(project); err != nil {
		return auth.Resource{}, err
	}
	return auth.Resource{Namespace: registry.NamespaceOfProject(project), Group: group, Name: name}, nil
}

// ProjectAccess is the Access of a route that acts on a whole project, or
// on something whose group is known only from its JSON body: the caller
// needs act on every group and name of typ in the project's namespace
// ("<ns>:*:<typ>/*" or wider).
func ProjectAccess(typ string, act auth.Action) *Access {
	return &Access{Type: typ, Action: act, Scope: func(r *http.Request) (auth.Resource, error) {
		return ProjectResource(r, "", "")
	}}
}
