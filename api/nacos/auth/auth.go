// Package auth serves Nacos's login endpoints over registry/auth, and the
// user, role and permission API of Nacos's default auth plugin (manage.go):
//
//	POST /nacos/v1/auth/login        (Nacos 1/2 open API)
//	POST /nacos/v1/auth/users/login  (the same controller's second mapping,
//	                                  which Nacos clients call)
//	POST /nacos/v3/auth/user/login   (Nacos 3; the 3.x Java client tries it
//	                                  first and falls back to v1 on 404)
//
// Parameters username and password come from the query or a URL-encoded
// body (the Java client sends username in the query and password in the
// body). The answers follow Nacos's default auth plugin (UserController,
// UserControllerV3, AbstractAuthenticationManager) and the Spring handlers
// around it; see the handler comments for each status and text.
package auth

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// Options tune the dialect.
type Options struct {
	// Now stamps Spring-style error bodies (tests fix it).
	Now func() time.Time
}

// Dialect answers the login routes, which are public (logging in is how a
// client gets a token), and the user, role and permission API (manage.go).
func Dialect(a *regauth.Service, opts Options) httpx.Dialect {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &handler{svc: a, now: opts.Now}
	v1 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.login(w, r, true) })
	v3 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.login(w, r, false) })
	routes := []httpx.Route{
		{Pattern: "POST /nacos/v1/auth/login", Handler: v1, Public: true},
		{Pattern: "POST /nacos/v1/auth/users/login", Handler: v1, Public: true},
		{Pattern: "POST /nacos/v3/auth/user/login", Handler: v3, Public: true},
	}
	return httpx.Dialect{
		Name:   "nacos-auth",
		Routes: append(routes, h.manageRoutes()...),
		Deny:   func(w http.ResponseWriter, r *http.Request, err error) { deny(w, r, opts.Now(), err) },
		Fail:   h.fail,
	}
}

// MaxLoginBody bounds a login request's form body: it is read before
// authentication, so it is kept small (issue 17 finding 6).
const MaxLoginBody = 16 << 10

type handler struct {
	svc *regauth.Service
	now func() time.Time
}

// loginAnswer is Nacos's login body, fields in Nacos's order.
type loginAnswer struct {
	AccessToken string `json:"accessToken"`
	TokenTTL    int64  `json:"tokenTtl"`
	GlobalAdmin bool   `json:"globalAdmin"`
	Username    string `json:"username"`
}

// login answers a token. The v1 controller declares username and password as
// required Spring parameters, so an absent one is a 400 before any check,
// while the v3 controller has none and an absent one fails authentication
// like a wrong one (403).
func (h *handler) login(w http.ResponseWriter, r *http.Request, v1 bool) {
	// A public route reads its body before anyone is authenticated: a
	// login form is a few hundred bytes, so take no more than that.
	r.Body = http.MaxBytesReader(w, r.Body, MaxLoginBody)
	token, _ := httpx.TokenOf(r) // first: it puts a form body back for ReadParams
	p, err := httpx.ReadParamsLimit(w, r, MaxLoginBody)
	if err != nil {
		writeSpringError(w, r, h.now(), http.StatusBadRequest, err.Error())
		return
	}
	if v1 {
		for _, name := range []string{"username", "password"} {
			if _, ok := p.Values[name]; !ok {
				writeSpringError(w, r, h.now(), http.StatusBadRequest, "Required parameter '"+name+"' is not present.")
				return
			}
		}
	}
	tok, err := h.authenticate(r, p, token)
	if err != nil {
		refuseLogin(w, err)
		return
	}
	writeToken(w, tok)
}

// authenticate checks the password. Nacos also logs in by a token when the
// request carries one; Causeway does so only when no username is given, so
// that a client sending a stale token along with its password still gets in.
// The password is taken untrimmed: spaces in it are part of it.
func (h *handler) authenticate(r *http.Request, p httpx.Params, token string) (*regauth.Token, error) {
	if token != "" && !p.Has("username") {
		return h.svc.LoginWithToken(r.Context(), token)
	}
	return h.svc.Login(httpx.LoginContext(r), p.Get("username"), p.Get("password"))
}

func writeToken(w http.ResponseWriter, t *regauth.Token) {
	w.Header().Set("Authorization", "Bearer "+t.AccessToken)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(loginAnswer{
		AccessToken: t.AccessToken,
		TokenTTL:    int64(t.TTL / time.Second),
		GlobalAdmin: t.GlobalAdmin,
		Username:    t.Username,
	})
}

// refuseLogin writes Nacos's answer to a failed login: 403 with the reason
// as plain text, as Nacos's ConsoleExceptionHandler answers the
// AccessException of its authentication manager. A store failure is a 500,
// not the client's fault.
func refuseLogin(w http.ResponseWriter, err error) {
	status := http.StatusForbidden
	if regauth.ReasonOf(err) == regauth.ReasonNone {
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(err.Error()))
}

// Deny writes what Nacos's AuthFilter answers to a request whose token
// failed: sendError(403, reason), which Spring Boot renders as its JSON error
// body with the reason as message ("token expired!", "token invalid!",
// "user not found!", ...). Failures that are not the client's (a store
// error) are a 500 "Server failed, ...", as in the filter. Other Nacos
// dialects may use it as their own Deny.
func Deny(w http.ResponseWriter, r *http.Request, err error) { deny(w, r, time.Now(), err) }

func deny(w http.ResponseWriter, r *http.Request, now time.Time, err error) {
	if regauth.ReasonOf(err) == regauth.ReasonNone {
		writeSpringError(w, r, now, http.StatusInternalServerError, "Server failed, "+err.Error())
		return
	}
	writeSpringError(w, r, now, http.StatusForbidden, err.Error())
}

// writeSpringError writes the body Spring Boot's error controller answers
// when a request fails outside Nacos's own handlers (Nacos sets
// server.error.include-message=ALWAYS, so the message is in it).
func writeSpringError(w http.ResponseWriter, r *http.Request, now time.Time, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(springErrorBody{
		Timestamp: now.UTC().Format("2006-01-02T15:04:05.000-07:00"),
		Status:    status,
		Error:     http.StatusText(status),
		Message:   msg,
		Path:      r.URL.Path,
	})
}

// springErrorBody is Spring Boot's DefaultErrorAttributes, in its order.
type springErrorBody struct {
	Timestamp string `json:"timestamp"`
	Status    int    `json:"status"`
	Error     string `json:"error"`
	Message   string `json:"message"`
	Path      string `json:"path"`
}
