package auth_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	v1 "github.com/causeway-dev/causeway/api/nacos/v1"
	v2 "github.com/causeway-dev/causeway/api/nacos/v2"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

// nacosEnv is every Nacos dialect behind the Nacos authenticator, over real
// services on one in-memory store, as cmd/causeway mounts them.
type nacosEnv struct {
	mux     *http.ServeMux
	svc     *auth.Service
	naming  *naming.Registry
	configs *config.Service
}

func newNacosEnv(t *testing.T) *nacosEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{PasswordCost: bcrypt.MinCost, Logger: log})
	if _, err := svc.Bootstrap(ctx, "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	reg, err := naming.New(ctx, st, naming.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(reg.Close)
	cfgs, err := config.New(ctx, st, config.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cfgs.Close)
	ns, err := tenancy.New(ctx, st, tenancy.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	mux := http.NewServeMux()
	httpx.Mount(mux, nacosauth.NewAuthenticator(svc),
		nacosauth.Dialect(svc, nacosauth.Options{}),
		v1.Dialect(reg, v1.Options{Logger: log}),
		v1.ConfigDialect(cfgs, v1.ConfigOptions{Logger: log}),
		v1.ConsoleNamespaceDialect(ns, v1.Options{Logger: log}),
		v2.Dialect(reg, v2.Options{Logger: log}),
		v2.NamespaceDialect(ns, v2.Options{Logger: log}),
	)
	return &nacosEnv{mux: mux, svc: svc, naming: reg, configs: cfgs}
}

// credentials say where a request carries its identity.
type credentials struct {
	query, form url.Values
	header      http.Header
	client      string // the request's RemoteAddr, when set
}

// send puts the route's own parameters where its clients put them (the
// query for GET and DELETE, a form body otherwise) and the credentials
// where the case says.
func (e *nacosEnv) send(method, path string, params url.Values, c credentials) *httptest.ResponseRecorder {
	query, form := url.Values{}, url.Values{}
	own := form
	if method == http.MethodGet {
		own = query
	}
	for k, vs := range params {
		own[k] = vs
	}
	for k, vs := range c.query {
		query[k] = vs
	}
	for k, vs := range c.form {
		form[k] = vs
	}
	target := path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var body io.Reader
	if len(form) > 0 {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if body != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range c.header {
		r.Header[k] = vs
	}
	if c.client != "" {
		r.RemoteAddr = c.client
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

func pair(user, pass string) url.Values { return url.Values{"username": {user}, "password": {pass}} }

// TestNacosRoutesTakePasswordParams is the table of secured Nacos routes
// against every way of proving an identity: each success is the route's
// normal answer, each refusal Nacos's 403 with its text, and a refused
// write stores nothing.
func TestNacosRoutesTakePasswordParams(t *testing.T) {
	e := newNacosEnv(t)
	ctx := context.Background()
	tok, err := e.svc.Login(ctx, auth.DefaultAdmin, "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	routes := []struct {
		name, method, path string
		params             func(i int) url.Values
		stored             func(i int) bool // nil for reads
	}{
		{"v1 register", http.MethodPost, "/nacos/v1/ns/instance",
			func(i int) url.Values {
				return url.Values{"serviceName": {"svc"}, "ip": {"10.0.0.1"}, "port": {fmt.Sprint(1000 + i)}}
			},
			func(i int) bool {
				l, err := e.naming.ListInstances(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "svc"}, naming.Query{})
				if err != nil {
					return false
				}
				for _, in := range l.Instances {
					if in.Port == 1000+i {
						return true
					}
				}
				return false
			}},
		{"v1 list", http.MethodGet, "/nacos/v1/ns/instance/list",
			func(int) url.Values { return url.Values{"serviceName": {"svc"}} }, nil},
		{"v1 publish config", http.MethodPost, "/nacos/v1/cs/configs",
			func(i int) url.Values {
				return url.Values{"dataId": {fmt.Sprintf("d%d", i)}, "group": {"g"}, "content": {"c"}}
			},
			func(i int) bool { _, err := e.configs.Get("", "g", fmt.Sprintf("d%d", i)); return err == nil }},
		{"v2 list", http.MethodGet, "/nacos/v2/ns/instance/list",
			func(int) url.Values { return url.Values{"serviceName": {"svc"}} }, nil},
		{"v2 namespaces", http.MethodGet, "/nacos/v2/console/namespace/list",
			func(int) url.Values { return nil }, nil},
		{"v1 console namespaces", http.MethodGet, "/nacos/v1/console/namespaces",
			func(int) url.Values { return nil }, nil},
	}
	// Wrong passwords go to users of their own, so that the throttle (which
	// TestPasswordParamsThrottled covers) does not change the answers here.
	fresh := 0
	victim := func() string {
		fresh++
		name := fmt.Sprintf("user%d", fresh)
		if _, err := e.svc.CreateUser(ctx, name, "Right-pw-1", false); err != nil {
			t.Fatal(err)
		}
		return name
	}
	cases := []struct {
		name  string
		creds func() credentials
		ok    bool
		text  string
	}{
		{"token in query", func() credentials {
			return credentials{query: url.Values{"accessToken": {tok.AccessToken}}}
		}, true, ""},
		{"bearer header", func() credentials {
			return credentials{header: http.Header{"Authorization": {"Bearer " + tok.AccessToken}}}
		}, true, ""},
		{"user/pass query", func() credentials { return credentials{query: pair("nacos", "S3cret-pw")} }, true, ""},
		{"user/pass form", func() credentials { return credentials{form: pair("nacos", "S3cret-pw")} }, true, ""},
		{"user/pass headers", func() credentials {
			return credentials{header: http.Header{"Username": {"nacos"}, "Password": {"S3cret-pw"}}}
		}, true, ""},
		{"blank token, user/pass", func() credentials {
			q := pair("nacos", "S3cret-pw")
			q.Set("accessToken", "")
			return credentials{query: q}
		}, true, ""},
		{"query beats header", func() credentials {
			return credentials{query: pair("nacos", "S3cret-pw"), header: http.Header{"Password": {"wrong"}}}
		}, true, ""},
		{"wrong password", func() credentials { return credentials{query: pair(victim(), "wrong")} }, false, "user not found!"},
		{"wrong password form", func() credentials { return credentials{form: pair(victim(), "wrong")} }, false, "user not found!"},
		{"unknown user", func() credentials { return credentials{query: pair("ghost", "S3cret-pw")} }, false, "user not found!"},
		{"username only", func() credentials { return credentials{query: url.Values{"username": {"nacos"}}} }, false, "user not found!"},
		{"none", func() credentials { return credentials{} }, false, "user not found!"},
		{"bad token beats good password", func() credentials {
			q := pair("nacos", "S3cret-pw")
			q.Set("accessToken", "not.a.token")
			return credentials{query: q}
		}, false, "unsupported signature algorithm"},
	}
	i := 0
	for _, rt := range routes {
		for _, c := range cases {
			i++
			t.Run(rt.name+"/"+c.name, func(t *testing.T) {
				// Each case from its own address, so that the throttle
				// (per address and user, and per address) stays out of it.
				creds := c.creds()
				creds.client = fmt.Sprintf("10.0.%d.%d:1234", i/256, i%256)
				w := e.send(rt.method, rt.path, rt.params(i), creds)
				if c.ok {
					if w.Code != http.StatusOK {
						t.Fatalf("got %d %q", w.Code, w.Body)
					}
				} else if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), c.text) {
					t.Fatalf("got %d %q, want 403 with %q", w.Code, w.Body, c.text)
				}
				if rt.stored != nil && rt.stored(i) != c.ok {
					t.Fatalf("stored = %v after a %d", !c.ok, w.Code)
				}
			})
		}
	}
}

// A password sent as parameters is throttled with the login's throttle:
// after five wrong ones even the right one waits, and nothing is written.
func TestPasswordParamsThrottled(t *testing.T) {
	e := newNacosEnv(t)
	register := func(pass string, port int) *httptest.ResponseRecorder {
		return e.send(http.MethodPost, "/nacos/v1/ns/instance",
			url.Values{"serviceName": {"svc"}, "ip": {"10.0.0.1"}, "port": {fmt.Sprint(port)}},
			credentials{query: pair("nacos", pass)})
	}
	for i := range 5 {
		if w := register("wrong", 1+i); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), `"message":"user not found!"`) {
			t.Fatalf("attempt %d: %d %q", i, w.Code, w.Body)
		}
	}
	w := register("S3cret-pw", 10)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "too many failed logins") {
		t.Fatalf("after five failures: %d %q", w.Code, w.Body)
	}
	// The login route shares the count.
	login := e.send(http.MethodPost, "/nacos/v1/auth/login", nil, credentials{form: pair("nacos", "S3cret-pw")})
	if login.Code == http.StatusOK {
		t.Fatalf("login not throttled: %q", login.Body)
	}
	if _, err := e.naming.ListInstances(naming.ServiceKey{Namespace: "public", Group: "DEFAULT_GROUP", Name: "svc"}, naming.Query{}); err == nil {
		t.Fatal("a refused registration stored a service")
	}
}

// A token anywhere in a form body wins over a username and password
// before it, as in Nacos: creating a user sends the new user's name and
// password beside the admin's token, in whatever order a script writes.
func TestBodyTokenAfterAPairWins(t *testing.T) {
	e := newNacosEnv(t)
	tok, err := e.svc.Login(context.Background(), "nacos", "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	a := nacosauth.NewAuthenticator(e.svc)
	for _, body := range []string{
		"username=alice&password=Alice-pw-1&accessToken=" + tok.AccessToken,
		"username=alice&accessToken=" + tok.AccessToken + "&password=Alice-pw-1",
	} {
		req := httptest.NewRequest(http.MethodPost, "/nacos/v1/auth/users", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		id, err := a.Authenticate(req)
		if err != nil || id.Username != "nacos" {
			t.Fatalf("%s: %+v, %v", body, id, err)
		}
		if rest, _ := io.ReadAll(req.Body); string(rest) != body {
			t.Fatalf("the body was not put back: %q", rest)
		}
	}
}
