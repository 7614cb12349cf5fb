package nacosaccess_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	v1 "github.com/causeway-dev/causeway/api/nacos/v1"
	v2 "github.com/causeway-dev/causeway/api/nacos/v2"
	regauth "github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
	"github.com/causeway-dev/causeway/registry/config"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

const password = "Secret-pw-1"

// server is every Nacos HTTP dialect behind the Nacos authenticator, as
// cmd/causeway mounts them, on a real HTTP server.
type server struct {
	t    testing.TB
	url  string
	mux  *http.ServeMux
	auth *regauth.Service
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newServer(t testing.TB) *server {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	reg, err := naming.New(ctx, st, naming.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.New(ctx, st, config.Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ns, err := tenancy.New(ctx, st, tenancy.Options{Logger: quiet(), Counter: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"dev", "other"} {
		if _, err := ns.Create(ctx, id, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	svc := regauth.New(st, regauth.Options{Logger: quiet(), PasswordCost: 4})
	if _, err := svc.Bootstrap(ctx, password); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, nacosauth.NewAuthenticator(svc),
		v1.Dialect(reg, v1.Options{Logger: quiet()}),
		v1.ConfigDialect(cfg, v1.ConfigOptions{Logger: quiet()}),
		v1.ConsoleNamespaceDialect(ns, v1.Options{Logger: quiet()}),
		v2.Dialect(reg, v2.Options{Logger: quiet()}),
		v2.NamespaceDialect(ns, v2.Options{Logger: quiet()}),
		v2.ConfigDialect(cfg, v2.Options{Logger: quiet()}),
	)
	hs := httptest.NewServer(mux)
	t.Cleanup(func() {
		hs.Close()
		ns.Close()
		cfg.Close()
		reg.Close()
		cancel()
		_ = st.Close()
	})
	return &server{t: t, url: hs.URL, mux: mux, auth: svc}
}

// user makes a user with one role (role-<name>) holding perms and
// answers its token.
func (s *server) user(name string, perms map[string]regauth.Action) string {
	s.t.Helper()
	return authtest.User(s.t, s.auth, name, authtest.Grants(perms)...)
}

// do sends params in the query for GET and as a form body otherwise, the
// token among them (in the body, where the Nacos SDKs put it).
func (s *server) do(method, path, token string, params url.Values) (int, string) {
	s.t.Helper()
	q := url.Values{"accessToken": {token}}
	for k, v := range params {
		q[k] = v
	}
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, s.url+path+"?"+q.Encode(), nil)
	} else {
		req, err = http.NewRequest(method, s.url+path, strings.NewReader(q.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// refused reports whether an answer is Nacos's refused permission in the
// dialect's shape: v1's 403 with the text, v2's Spring error body.
// refused reports Nacos's refusal on every HTTP route, v1 included: its
// AuthFilter's sendError(403, "authorization failed!"), rendered by
// Spring Boot as its JSON error body (checked against Nacos 2.5.1).
func refused(status int, body string) bool {
	if status != http.StatusForbidden {
		return false
	}
	var e struct {
		Status  int    `json:"status"`
		Error   string `json:"error"`
		Message string `json:"message"`
		Path    string `json:"path"`
	}
	return json.Unmarshal([]byte(body), &e) == nil && e.Status == 403 && e.Error == "Forbidden" &&
		e.Message == "authorization failed!" && e.Path != ""
}

// route is one secured Nacos route and the parameters it is sent with,
// for namespace ns and group g.
type route struct {
	method, path string
	write        bool
	params       func(ns, g string) url.Values
}

func naming1(ns, g string) url.Values {
	return url.Values{"namespaceId": {ns}, "groupName": {g}, "serviceName": {"orders"}, "ip": {"10.0.0.1"},
		"port": {"80"}, "ephemeral": {"false"}, "healthy": {"true"}}
}

func config1(ns, g string) url.Values {
	return url.Values{"tenant": {ns}, "group": {g}, "dataId": {"app"}, "content": {"x"}}
}

func config2(ns, g string) url.Values {
	return url.Values{"namespaceId": {ns}, "group": {g}, "dataId": {"app"}, "content": {"x"}}
}

func listen1(ns, g string) url.Values {
	return url.Values{"Listening-Configs": {"app\x02" + g + "\x02stale\x02" + ns + "\x01"}}
}

var routes = []route{
	{"POST", "/nacos/v1/ns/service", true, naming1},
	{"POST", "/nacos/v1/ns/instance", true, naming1},
	{"PUT", "/nacos/v1/ns/instance", true, naming1},
	{"GET", "/nacos/v1/ns/instance/list", false, naming1},
	{"GET", "/nacos/v1/ns/service/list", false, func(ns, g string) url.Values {
		return url.Values{"namespaceId": {ns}, "groupName": {g}, "pageNo": {"1"}, "pageSize": {"10"}}
	}},
	{"PUT", "/nacos/v1/ns/health/instance", true, naming1},
	{"DELETE", "/nacos/v1/ns/instance", true, naming1},
	{"POST", "/nacos/v1/cs/configs", true, config1},
	{"GET", "/nacos/v1/cs/configs", false, config1},
	{"POST", "/nacos/v1/cs/configs/listener", false, listen1},
	{"GET", "/nacos/v1/cs/history", false, func(ns, g string) url.Values {
		return url.Values{"tenant": {ns}, "group": {g}, "dataId": {"app"}, "search": {"accurate"}}
	}},
	{"DELETE", "/nacos/v1/cs/configs", true, config1},
	{"POST", "/nacos/v2/ns/instance", true, naming1},
	{"GET", "/nacos/v2/ns/instance/list", false, naming1},
	{"GET", "/nacos/v2/ns/service/list", false, func(ns, g string) url.Values {
		return url.Values{"namespaceId": {ns}, "groupName": {g}}
	}},
	{"DELETE", "/nacos/v2/ns/instance", true, naming1},
	{"POST", "/nacos/v2/cs/config", true, config2},
	{"GET", "/nacos/v2/cs/config", false, config2},
	{"GET", "/nacos/v2/cs/history/list", false, config2},
	{"DELETE", "/nacos/v2/cs/config", true, config2},
	{"DELETE", "/nacos/v1/ns/service", true, naming1},
}

// Every secured Nacos route is allowed or refused as the user's
// permissions say: a namespace-wide rw user in its namespace only, a
// read-only one for reads only, a group-scoped one in its group only,
// each refusal in the dialect's shape and with nothing done.
func TestRoutePermissions(t *testing.T) {
	s := newServer(t)
	tokens := map[string]string{
		"rw":    s.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite}),
		"ro":    s.user("reader", map[string]regauth.Action{"dev:*:*": regauth.Read}),
		"group": s.user("grouper", map[string]regauth.Action{"dev:G1:*": regauth.ReadWrite}),
		"none":  s.user("nobody", nil),
	}
	for _, c := range []struct {
		user, ns, group string
		allowed         func(r route) bool
	}{
		{"rw", "dev", "DEFAULT_GROUP", func(route) bool { return true }},
		{"rw", "public", "DEFAULT_GROUP", func(route) bool { return false }},
		{"rw", "other", "DEFAULT_GROUP", func(route) bool { return false }},
		{"ro", "dev", "DEFAULT_GROUP", func(r route) bool { return !r.write }},
		{"ro", "other", "DEFAULT_GROUP", func(route) bool { return false }},
		{"group", "dev", "G1", func(route) bool { return true }},
		{"group", "dev", "DEFAULT_GROUP", func(route) bool { return false }},
		{"none", "dev", "G1", func(route) bool { return false }},
	} {
		for _, r := range routes {
			status, body := s.do(r.method, r.path, tokens[c.user], r.params(c.ns, c.group))
			got := refused(status, body)
			if got == c.allowed(r) || (!got && status == http.StatusForbidden) {
				t.Errorf("%s in %s/%s: %s %s: %d %s", c.user, c.ns, c.group, r.method, r.path, status, body)
			}
			// Allowed, it does what it says (a read of a config not
			// published in that group finds none).
			if !got && status >= 300 && status != http.StatusNotFound {
				t.Errorf("%s in %s/%s: %s %s allowed but failed: %d %s", c.user, c.ns, c.group, r.method, r.path, status, body)
			}
		}
	}
}

// A grouped serviceName is checked against the group it names, which the
// handler acts on, not a groupName beside it (Nacos's parser reads
// groupName first).
func TestGroupedServiceNameChecksItsGroup(t *testing.T) {
	s := newServer(t)
	tok := s.user("grouper", map[string]regauth.Action{"dev:G1:*": regauth.ReadWrite})
	p := naming1("dev", "G1")
	p.Set("serviceName", "G2@@orders")
	if status, body := s.do("POST", "/nacos/v1/ns/instance", tok, p); !refused(status, body) {
		t.Fatalf("G1 permission registered into G2: %d %s", status, body)
	}
}

// A long-poll must be allowed to read every config it lists.
func TestListenerChecksEachConfig(t *testing.T) {
	s := newServer(t)
	tok := s.user("dev", map[string]regauth.Action{"dev:*:*": regauth.Read})
	both := url.Values{"Listening-Configs": {"app\x02G\x02stale\x02dev\x01app\x02G\x02stale\x01"}}
	if status, body := s.do("POST", "/nacos/v1/cs/configs/listener", tok, both); !refused(status, body) {
		t.Fatalf("a listen reaching public was allowed: %d %s", status, body)
	}
}

// Server-wide and console writes stay for global admins; the namespace
// lists, which every client reads first, are open to any user.
func TestAdminOnlyAndAnyUserRoutes(t *testing.T) {
	s := newServer(t)
	tok := s.user("dev", map[string]regauth.Action{"*:*:*": regauth.ReadWrite})
	for _, r := range []struct {
		method, path string
		params       url.Values
	}{
		{"PUT", "/nacos/v1/ns/operator/switches", url.Values{"entry": {"distroThreshold"}, "value": {"0.5"}}},
		{"POST", "/nacos/v1/console/namespaces", url.Values{"customNamespaceId": {"x1"}, "namespaceName": {"x"}}},
		{"DELETE", "/nacos/v1/console/namespaces", url.Values{"namespaceId": {"dev"}}},
		{"GET", "/nacos/v2/console/namespace", url.Values{"namespaceId": {"dev"}}},
		{"POST", "/nacos/v2/console/namespace", url.Values{"namespaceId": {"x2"}, "namespaceName": {"x"}}},
		{"GET", "/nacos/v2/ns/client/list", nil},
		{"GET", "/nacos/v2/ns/client/service/publisher/list", url.Values{"serviceName": {"orders"}}},
	} {
		status, body := s.do(r.method, r.path, tok, r.params)
		if !refused(status, body) {
			t.Errorf("%s %s by a non-admin: %d %s", r.method, r.path, status, body)
		}
	}
	none := s.user("nobody", nil)
	for _, path := range []string{"/nacos/v1/console/namespaces", "/nacos/v2/console/namespace/list"} {
		if status, body := s.do("GET", path, none, nil); status != http.StatusOK || !strings.Contains(body, "dev") {
			t.Errorf("GET %s by a user without permissions: %d %s", path, status, body)
		}
	}
}

// A permission revoked is refused on the next request with the same token.
func TestRevokedPermissionAtOnce(t *testing.T) {
	s := newServer(t)
	tok := s.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite})
	p := config2("dev", "G")
	if status, body := s.do("POST", "/nacos/v2/cs/config", tok, p); status != http.StatusOK {
		t.Fatalf("before: %d %s", status, body)
	}
	if err := s.auth.DeletePermission(context.Background(), "role-dev", "dev:*:*", regauth.ReadWrite); err != nil {
		t.Fatal(err)
	}
	if status, body := s.do("POST", "/nacos/v2/cs/config", tok, p); !refused(status, body) {
		t.Fatalf("after revocation: %d %s", status, body)
	}
}
