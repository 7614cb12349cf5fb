package httpx

import (
	"context"
	"net/http"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
)

// Route is one endpoint of a dialect.
type Route struct {
	// Pattern is a net/http ServeMux pattern with its method,
	// e.g. "POST /nacos/v1/ns/instance".
	Pattern string
	Handler http.Handler
	// Public routes skip authentication (health, readiness, login).
	Public bool
	// Fail writes an error of this route in its dialect's shape, when it
	// differs from the dialect's Fail.
	Fail func(w http.ResponseWriter, r *http.Request, err error)
	// Access is what the route touches, checked against the caller's
	// permissions. A route without it is for global admins only, so a
	// route nobody classified is never open to every user.
	Access *Access
}

// Access declares what a route does to which resource, for callers who
// are not global admins (who may do anything).
type Access struct {
	Type   string // auth.TypeNaming, auth.TypeConfig, ...
	Action auth.Action
	// Scope answers the namespace, group and name the request touches;
	// Type is filled in from the Access. It may read the query and peek
	// at a form body (PeekForm), never consume it. Its error is answered
	// with the route's Fail.
	Scope func(r *http.Request) (auth.Resource, error)
	// Resources, when set instead of Scope, answers every resource a
	// request touches at once (a long-poll listening to many configs);
	// each must be allowed. Type is filled in as for Scope.
	Resources func(r *http.Request) ([]auth.Resource, error)
}

// AnyUser is the Access of a route that every authenticated user may call
// (what a client reads before it knows its permissions: the namespace
// list, server state).
var AnyUser = &Access{}

// Authorizer decides whether an identity may act on every resource a
// request touches (registry/auth's AuthorizeAll). The Authenticators of
// this package and of the Nacos dialect are Authorizers too; with one
// that is not, only global admins and AnyUser routes pass.
type Authorizer interface {
	AuthorizeAll(ctx context.Context, id *Identity, res []auth.Resource, act auth.Action) error
}

// Dialect is one REST dialect: its routes and how it says "no" to a request
// that failed authentication, in its own error shape.
type Dialect struct {
	Name   string
	Routes []Route
	// Deny writes the dialect's answer to an unauthenticated request.
	Deny func(w http.ResponseWriter, r *http.Request, err error)
	// Fail writes a registry error (a KindInvalid one at least) in the
	// dialect's shape; Mount answers bad path parameters with it.
	Fail func(w http.ResponseWriter, r *http.Request, err error)
}

// Identity is who a request acts as: the identity of registry/auth.
type Identity = auth.Identity

// Authenticator checks a request's credentials. Each dialect's token carrier
// (Nacos accessToken, ServiceComb and Nacos "Authorization: Bearer", CSE
// X-Auth-Token) is read by the one implementation.
type Authenticator interface {
	Authenticate(r *http.Request) (*Identity, error)
}

type identityKey struct{}

// WithIdentity stores the caller's identity in ctx.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom answers the caller's identity, nil when auth is off.
func IdentityFrom(ctx context.Context) *Identity {
	id, _ := ctx.Value(identityKey{}).(*Identity)
	return id
}

// Mount registers every route of the dialects on mux, behind authn when it
// is not nil. A route with {project_id} in its path has the project checked
// (registry.ValidateProject) after authentication and before its handler.
func Mount(mux *http.ServeMux, authn Authenticator, dialects ...Dialect) {
	for _, d := range dialects {
		for _, rt := range d.Routes {
			h := rt.Handler
			if strings.Contains(rt.Pattern, "{project_id}") {
				h = checkProject(failOf(d, rt), h)
			}
			if authn != nil && !rt.Public {
				h = requireAuth(authn, d.Deny, authorize(authn, rt.Access, d.Deny, failOf(d, rt), h))
			}
			mux.Handle(rt.Pattern, h)
		}
	}
}

func requireAuth(authn Authenticator, deny func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := authn.Authenticate(r)
		if err != nil {
			deny(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	})
}

// authorize checks a caller who is not a global admin against the route's
// Access, after authentication and before the handler.
func authorize(authn Authenticator, acc *Access, deny, fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	az, _ := authn.(Authorizer)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := IdentityFrom(r.Context())
		if id == nil || id.GlobalAdmin || acc == AnyUser {
			next.ServeHTTP(w, r)
			return
		}
		if acc == nil || (acc.Scope == nil && acc.Resources == nil) || az == nil {
			deny(w, r, auth.ErrForbidden)
			return
		}
		res, err := acc.resources(r)
		if err != nil {
			fail(w, r, err)
			return
		}
		if err := az.AuthorizeAll(r.Context(), id, res, acc.Action); err != nil {
			deny(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// resources answers what a request touches, each with the Access's Type.
func (acc *Access) resources(r *http.Request) ([]auth.Resource, error) {
	var res []auth.Resource
	if acc.Resources != nil {
		var err error
		if res, err = acc.Resources(r); err != nil {
			return nil, err
		}
	} else {
		one, err := acc.Scope(r)
		if err != nil {
			return nil, err
		}
		res = []auth.Resource{one}
	}
	for i := range res {
		res[i].Type = acc.Type
	}
	return res, nil
}

// failOf answers how a route writes an error: its own Fail, its dialect's,
// or a plain 400 for a dialect that has none.
func failOf(d Dialect, rt Route) func(http.ResponseWriter, *http.Request, error) {
	switch {
	case rt.Fail != nil:
		return rt.Fail
	case d.Fail != nil:
		return d.Fail
	}
	return func(w http.ResponseWriter, _ *http.Request, err error) {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

// checkProject refuses a malformed project id in the path: one rule for
// every dialect, so that no handler meets "../.." as a project.
func checkProject(fail func(http.ResponseWriter, *http.Request, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := registry.ValidateProject(r.PathValue("project_id")); err != nil {
			fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
