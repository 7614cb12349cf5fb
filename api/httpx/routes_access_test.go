package httpx_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
)

// namedAuth authenticates "admin" as a global admin and anyone else as a
// user, and allows a user the resources named "ok" only.
type namedAuth struct{ batches *int }

func (namedAuth) Authenticate(r *http.Request) (*httpx.Identity, error) {
	name := r.Header.Get("X-User")
	return &httpx.Identity{Username: name, GlobalAdmin: name == "admin"}, nil
}

func (a namedAuth) AuthorizeAll(_ context.Context, _ *httpx.Identity, res []auth.Resource, _ auth.Action) error {
	*a.batches++
	for _, r := range res {
		if r.Name != "ok" || r.Type != auth.TypeConfig {
			return auth.ErrForbidden
		}
	}
	return nil
}

// authnOnly authenticates like namedAuth and cannot authorize.
type authnOnly struct{}

func (authnOnly) Authenticate(r *http.Request) (*httpx.Identity, error) {
	return namedAuth{}.Authenticate(r)
}

// Mount checks a non-admin against each route's Access: none is for
// admins only, AnyUser for everyone, Scope and Resources by permission
// (every resource of a batch, in one call when the authorizer can), a
// Scope error answered with the route's Fail.
func TestMountAuthorizes(t *testing.T) {
	names := func(r *http.Request) []auth.Resource {
		var out []auth.Resource
		for _, n := range strings.Split(r.URL.Query().Get("names"), ",") {
			out = append(out, auth.Resource{Name: n})
		}
		return out
	}
	scope := &httpx.Access{Type: auth.TypeConfig, Action: auth.Read, Scope: func(r *http.Request) (auth.Resource, error) {
		if r.URL.Query().Has("bad") {
			return auth.Resource{}, errors.New("bad scope")
		}
		return names(r)[0], nil
	}}
	each := &httpx.Access{Type: auth.TypeConfig, Action: auth.Read, Resources: func(r *http.Request) ([]auth.Resource, error) {
		return names(r), nil
	}}
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("done")) })
	d := httpx.Dialect{
		Routes: []httpx.Route{
			{Pattern: "GET /admin", Handler: ok},
			{Pattern: "GET /any", Handler: ok, Access: httpx.AnyUser},
			{Pattern: "GET /one", Handler: ok, Access: scope},
			{Pattern: "GET /each", Handler: ok, Access: each},
		},
		Deny: func(w http.ResponseWriter, _ *http.Request, err error) {
			http.Error(w, err.Error(), http.StatusForbidden)
		},
		Fail: func(w http.ResponseWriter, _ *http.Request, err error) {
			http.Error(w, err.Error(), http.StatusBadRequest)
		},
	}
	var batches int
	cases := []struct {
		authn        httpx.Authenticator
		user, target string
		want         int
	}{
		{namedAuth{&batches}, "admin", "/admin", 200},
		{namedAuth{&batches}, "admin", "/each?names=x,y", 200},
		{namedAuth{&batches}, "u", "/admin", 403},
		{namedAuth{&batches}, "u", "/any", 200},
		{namedAuth{&batches}, "u", "/one?names=ok", 200},
		{namedAuth{&batches}, "u", "/one?names=no", 403},
		{namedAuth{&batches}, "u", "/one?names=ok&bad", 400},
		{namedAuth{&batches}, "u", "/each?names=ok,ok", 200},
		{namedAuth{&batches}, "u", "/each?names=ok,no", 403},
		{authnOnly{}, "admin", "/one?names=ok", 200},
		{authnOnly{}, "u", "/any", 200},
		{authnOnly{}, "u", "/one?names=ok", 403},
	}
	for _, c := range cases {
		mux := http.NewServeMux()
		httpx.Mount(mux, c.authn, d)
		r := httptest.NewRequest("GET", c.target, nil)
		r.Header.Set("X-User", c.user)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%T %s %s: %d %s, want %d", c.authn, c.user, c.target, w.Code, w.Body, c.want)
		}
		if w.Code == 403 && strings.TrimSpace(w.Body.String()) != "authorization failed!" {
			t.Errorf("%s %s refused with %q", c.user, c.target, w.Body)
		}
	}
	// One AuthorizeAll per checked request: /one twice (its bad scope is
	// never checked), /each twice.
	if batches != 4 {
		t.Errorf("AuthorizeAll called %d times, want 4", batches)
	}
}
