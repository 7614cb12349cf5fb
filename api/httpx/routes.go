package httpx

import (
	"context"
	"net/http"
)

// Route is one endpoint of a dialect.
type Route struct {
	// Pattern is a net/http ServeMux pattern with its method,
	// e.g. "POST /nacos/v1/ns/instance".
	Pattern string
	Handler http.Handler
	// Public routes skip authentication (health, readiness, login).
	Public bool
}

// Dialect is one REST dialect: its routes and how it says "no" to a request
// that failed authentication, in its own error shape.
type Dialect struct {
	Name   string
	Routes []Route
	// Deny writes the dialect's answer to an unauthenticated request.
	Deny func(w http.ResponseWriter, r *http.Request, err error)
}

// Identity is who a request acts as.
type Identity struct {
	Username    string
	GlobalAdmin bool
}

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
// is not nil.
func Mount(mux *http.ServeMux, authn Authenticator, dialects ...Dialect) {
	for _, d := range dialects {
		for _, rt := range d.Routes {
			h := rt.Handler
			if authn != nil && !rt.Public {
				h = requireAuth(authn, d.Deny, h)
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
