package auth

import (
	"net/http"
	"net/url"

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

// Authenticate implements httpx.Authenticator.
func (a *Authenticator) Authenticate(r *http.Request) (*httpx.Identity, error) {
	token, err := httpx.TokenOf(r)
	if err != nil {
		return nil, err
	}
	if token != "" {
		id, err := a.svc.Verify(r.Context(), token)
		if err != nil {
			return nil, err
		}
		return &httpx.Identity{Username: id.Username, GlobalAdmin: id.GlobalAdmin}, nil
	}
	username, password, err := credentials(r)
	if err != nil {
		return nil, err
	}
	if username == "" && password == "" {
		return nil, regauth.ErrTokenMissing
	}
	id, err := a.svc.CheckPassword(httpx.LoginContext(r), username, password)
	if regauth.ReasonOf(err) == regauth.ReasonBadCredentials {
		return nil, regauth.ErrPasswordRefused
	}
	if err != nil {
		return nil, err
	}
	return &httpx.Identity{Username: id.Username, GlobalAdmin: id.GlobalAdmin}, nil
}

// credentials reads username and password from headers, then a form body,
// then the query, each present one replacing what came before.
func credentials(r *http.Request) (username, password string, err error) {
	username, password = r.Header.Get("username"), r.Header.Get("password")
	form, err := httpx.PeekForm(r, "username", "password")
	if err != nil {
		return "", "", err
	}
	query, _ := url.ParseQuery(r.URL.RawQuery) // malformed pairs are the handler's business
	for _, vals := range []url.Values{form, query} {
		if v, ok := vals["username"]; ok {
			username = v[0]
		}
		if v, ok := vals["password"]; ok {
			password = v[0]
		}
	}
	return username, password, nil
}
