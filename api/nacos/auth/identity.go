package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/causeway-dev/causeway/api/httpx"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// Authenticator is how the Nacos dialects find who a request acts as. It
// follows Nacos's default auth plugin (NacosAuthPluginService and the
// HttpIdentityContextBuilder that feeds it):
//
//   - a token, read as every dialect reads it (httpx.TokenOf: a Bearer
//     Authorization header, then accessToken), wins whenever one is given,
//     even with a username and password beside it;
//   - otherwise the username and password parameters identify the caller,
//     on every request, as the npm nacos client and many scripts send them.
//     Nacos reads them from headers and then from parameters, a parameter
//     replacing a header of the same name, and a query parameter coming
//     before a form one (Tomcat merges them in that order).
//
// A wrong pair costs what a wrong login costs: the check is
// registry/auth's Login check, bcrypt and throttling included.
type Authenticator struct {
	svc *regauth.Service
}

// NewAuthenticator builds the Nacos authenticator over s.
func NewAuthenticator(s *regauth.Service) *Authenticator { return &Authenticator{svc: s} }

// Authenticate implements httpx.Authenticator. What lies outside the body
// is checked first (httpx's rule: authenticate before reading a body when
// the credential is outside it): a header or query token, then a
// username/password pair given whole in the query or the headers; only
// then the form body, read once until it gives a token (the SDKs sort
// their parameters, so their accessToken comes early) or ends: a token
// anywhere in it wins over a pair beside it, as in Nacos, which matters
// where username and password are what a request is about (creating a
// user with an admin's token in the same form); last a pair completed
// from headers, form and query. So a whole pair in the query beats a
// token in the body, where Nacos would take the token.
func (a *Authenticator) Authenticate(r *http.Request) (*httpx.Identity, error) {
	if token := httpx.TokenOutsideBody(r); token != "" {
		return a.verify(r, token)
	}
	form := url.Values{}
	if !pairOutsideBody(r) {
		var err error
		if form, err = peekCredentials(r); err != nil {
			return nil, err
		}
		if token := strings.TrimSpace(form.Get("accessToken")); token != "" {
			return a.verify(r, token)
		}
	}
	username, password := credentials(r, form)
	if username == "" && password == "" {
		return nil, regauth.ErrTokenMissing
	}
	id, err := a.svc.CheckPassword(httpx.LoginContext(r), username, password)
	if regauth.ReasonOf(err) == regauth.ReasonBadCredentials {
		return nil, regauth.ErrPasswordRefused
	}
	return id, err
}

// AuthorizeAll implements httpx.Authorizer.
func (a *Authenticator) AuthorizeAll(ctx context.Context, id *httpx.Identity, res []regauth.Resource, act regauth.Action) error {
	return a.svc.AuthorizeAll(ctx, id, res, act)
}

// peekCredentials reads a form body once for a token, and a username and
// password in case there is none: it stops at a token or at the end.
func peekCredentials(r *http.Request) (url.Values, error) {
	return httpx.PeekFormUntil(r, []string{"accessToken", "username", "password"}, func(v url.Values) bool {
		return strings.TrimSpace(v.Get("accessToken")) != ""
	})
}

func (a *Authenticator) verify(r *http.Request, token string) (*httpx.Identity, error) {
	return a.svc.Verify(r.Context(), token)
}

// pairOutsideBody reports whether username and password are both in the
// query or both in the headers.
func pairOutsideBody(r *http.Request) bool {
	query, _ := url.ParseQuery(r.URL.RawQuery)
	return whole(query) || (r.Header.Get("username") != "" && r.Header.Get("password") != "")
}

// credentials reads username and password from headers, then the form
// values read, then the query, each present one replacing what came
// before. A pair given whole in the query or the headers was taken without
// reading the body (form is empty then), so there a header pair beats a
// form one, where Nacos would let the form win.
func credentials(r *http.Request, form url.Values) (username, password string) {
	username, password = r.Header.Get("username"), r.Header.Get("password")
	query, _ := url.ParseQuery(r.URL.RawQuery) // malformed pairs are the handler's business
	for _, vals := range []url.Values{form, query} {
		if v, ok := vals["username"]; ok {
			username = v[0]
		}
		if v, ok := vals["password"]; ok {
			password = v[0]
		}
	}
	return username, password
}

// whole reports whether vals hold both username and password.
func whole(vals url.Values) bool { return vals.Has("username") && vals.Has("password") }
