package cse

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/tenancy"
)

const nsURL = "/v1/dev/nacos/v1/console/namespaces"

// nsFixture is the dialect with the §6 routes over a fresh store, with
// token auth when authed.
type nsFixture struct {
	t     *testing.T
	st    store.Store
	ns    *tenancy.Service
	users *auth.Service
	mux   *http.ServeMux
}

func newNSFixture(t *testing.T, authed bool) *nsFixture {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := badger.Open(badger.Options{InMemory: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	gw, err := gateway.New(ctx, st, gateway.Options{Logger: log, Services: fakeServices{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(gw.Close)
	ns, err := tenancy.New(ctx, st, tenancy.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Close)
	f := &nsFixture{t: t, st: st, ns: ns, mux: http.NewServeMux()}
	var authn httpx.Authenticator
	if authed {
		f.users = auth.New(st, auth.Options{Logger: log, PasswordCost: 4})
		if _, err := f.users.Bootstrap(ctx, "secret-pass-1"); err != nil {
			t.Fatal(err)
		}
		authn = httpx.NewTokenAuth(f.users)
	}
	httpx.Mount(f.mux, authn, Dialect(gw, Options{Logger: log, Namespaces: ns}))
	return f
}

// call sends a §6 request with the engine header (none when engine is
// "") and a token ("" for none); it answers the status and raw body.
func (f *nsFixture) call(method, target, engine, token string) (int, string) {
	f.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if engine != "" {
		req.Header.Set(engineHeader, engine)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// ok sends a request as the engine "e1" that must answer 200 and body.
func (f *nsFixture) ok(method, target, body string) {
	f.t.Helper()
	if code, got := f.call(method, target, "e1", ""); code != http.StatusOK || strings.TrimSpace(got) != body {
		f.t.Fatalf("%s %s: %d %s, want 200 %s", method, target, code, got, body)
	}
}

// list answers the data of a list answer.
func (f *nsFixture) list(query string) []map[string]any {
	f.t.Helper()
	code, body := f.call(http.MethodGet, nsURL+query, "e1", "")
	var out struct {
		Code    int              `json:"code"`
		Message *string          `json:"message"`
		Data    []map[string]any `json:"data"`
	}
	if code != http.StatusOK || json.Unmarshal([]byte(body), &out) != nil || out.Code != 200 || out.Message != nil {
		f.t.Fatalf("list%s: %d %s", query, code, body)
	}
	return out.Data
}

func ids(list []map[string]any) string {
	var s []string
	for _, n := range list {
		s = append(s, n["namespace"].(string))
	}
	return strings.Join(s, ",")
}

func TestNamespaceConsoleLifecycle(t *testing.T) {
	f := newNSFixture(t, false)
	// The seed's parameter names, then the Nacos console names that
	// clients of the managed service send.
	f.ok("POST", nsURL+"?custom_name_space_id=team-a&namespace_name=Team+A&namespace_desc=first", "true")
	f.ok("POST", nsURL+"?customNamespaceId=team_b&namespaceName=Team+B", "true")
	if got := ids(f.list("")); got != ",team-a,team_b" {
		t.Fatalf("list: %s", got)
	}
	all := f.list("")
	if all[0]["namespaceShowName"] != "public" || all[1]["namespaceShowName"] != "Team A" ||
		all[1]["namespaceDesc"] != "first" || all[2]["namespaceDesc"] != nil || all[1]["type"] != 2.0 {
		t.Fatalf("list entries: %v", all)
	}
	for query, want := range map[string]string{
		"?offset=0&limit=0": ",team-a,team_b",
		"?offset=1&limit=1": "team-a",
		"?offset=2":         "team_b",
		"?offset=9&limit=2": "",
		"?limit=2":          ",team-a",
	} {
		if got := ids(f.list(query)); got != want {
			t.Errorf("list%s: %s, want %s", query, got, want)
		}
	}
	// A description not sent is kept; one sent replaces it.
	f.ok("PUT", nsURL+"?namespace=team-a&namespaceShowName=Team+A2", "true")
	if n, _ := f.ns.Get("team-a"); n.Name != "Team A2" || n.Desc != "first" {
		t.Fatalf("after rename: %+v", n)
	}
	f.ok("PUT", nsURL+"?namespace=team-a&namespace_showname=Team+A3&namespace_desc=", "true")
	if n, _ := f.ns.Get("team-a"); n.Name != "Team A3" || n.Desc != "" {
		t.Fatalf("after update: %+v", n)
	}
	f.ok("DELETE", nsURL+"?namespace_id=team-a", "true")
	f.ok("DELETE", nsURL+"?namespaceId=team-a", "true") // already gone: still 200
	if got := ids(f.list("")); got != ",team_b" {
		t.Fatalf("list after delete: %s", got)
	}
}

func TestNamespaceConsoleRefusesBadInput(t *testing.T) {
	f := newNSFixture(t, false)
	f.ok("POST", nsURL+"?custom_name_space_id=taken&namespace_name=Taken", "true")
	long := strings.Repeat("x", 129)
	cases := []struct {
		name, method, query, engine string
		status                      int
		code, detail                string
	}{
		{"list no engine", "GET", "", "", 400, "SVCSTG.00400100", "x-engine-id"},
		{"list bad engine", "GET", "", "e/1", 400, "SVCSTG.00400100", "x-engine-id"},
		{"list long engine", "GET", "", strings.Repeat("e", 65), 400, "SVCSTG.00400100", "x-engine-id"},
		{"list bad offset", "GET", "?offset=-1", "e1", 400, "SVCSTG.00400100", "offset"},
		{"list bad limit", "GET", "?limit=ten", "e1", 400, "SVCSTG.00400100", "limit"},
		{"list huge limit", "GET", "?limit=99999999999999999999", "e1", 400, "SVCSTG.00400100", "limit"},
		{"list bad query", "GET", "?offset=%zz", "e1", 400, "SVCSTG.00400100", "malformed"},
		{"list two offsets", "GET", "?offset=1&offset=2", "e1", 400, "SVCSTG.00400100", "offset"},
		{"create no engine", "POST", "?custom_name_space_id=a&namespace_name=A", "", 400, "SVCSTG.00400100", "x-engine-id"},
		{"create no id", "POST", "?namespace_name=A", "e1", 400, "SVCSTG.00400100", "custom_name_space_id"},
		{"create empty id", "POST", "?custom_name_space_id=&namespace_name=A", "e1", 400, "SVCSTG.00400100", "custom_name_space_id"},
		{"create no name", "POST", "?custom_name_space_id=a", "e1", 400, "SVCSTG.00400100", "namespace_name"},
		{"create bad id", "POST", "?custom_name_space_id=a.b&namespace_name=A", "e1", 400, "SVCSTG.00400100", "mismatch the pattern"},
		{"create padded id", "POST", "?custom_name_space_id=+a&namespace_name=A", "e1", 400, "SVCSTG.00400100", "mismatch the pattern"},
		{"create long id", "POST", "?custom_name_space_id=" + long + "&namespace_name=A", "e1", 400, "SVCSTG.00400100", "too long"},
		{"create bad name", "POST", "?custom_name_space_id=a&namespace_name=A%40B", "e1", 400, "SVCSTG.00400100", "illegal char"},
		{"create long name", "POST", "?custom_name_space_id=a&namespace_name=" + long, "e1", 400, "SVCSTG.00400100", "too long"},
		{"create long desc", "POST", "?custom_name_space_id=a&namespace_name=A&namespace_desc=" + strings.Repeat(long, 2), "e1", 400, "SVCSTG.00400100", "too long"},
		{"create two ids", "POST", "?custom_name_space_id=a&customNamespaceId=b&namespace_name=A", "e1", 400, "SVCSTG.00400100", "custom_name_space_id"},
		{"create taken", "POST", "?custom_name_space_id=taken&namespace_name=A", "e1", 409, "SVCSTG.00400107", "already exist"},
		{"create public", "POST", "?custom_name_space_id=public&namespace_name=A", "e1", 409, "SVCSTG.00400107", "already exist"},
		{"update no id", "PUT", "?namespace_showname=A", "e1", 400, "SVCSTG.00400100", "namespace"},
		{"update no name", "PUT", "?namespace=taken", "e1", 400, "SVCSTG.00400100", "namespace_showname"},
		{"update bad name", "PUT", "?namespace=taken&namespace_showname=A*", "e1", 400, "SVCSTG.00400100", "illegal char"},
		{"update bad id", "PUT", "?namespace=a%20b&namespace_showname=A", "e1", 400, "SVCSTG.00400100", "mismatch the pattern"},
		{"update unknown", "PUT", "?namespace=ghost&namespace_showname=A", "e1", 404, "SVCSTG.00400106", "not exist"},
		{"update unknown with desc", "PUT", "?namespace=ghost&namespace_showname=A&namespace_desc=d", "e1", 404, "SVCSTG.00400106", "not exist"},
		{"update public", "PUT", "?namespace=public&namespace_showname=A", "e1", 400, "SVCSTG.00400100", "default namespace"},
		{"update no engine", "PUT", "?namespace=taken&namespace_showname=A", "", 400, "SVCSTG.00400100", "x-engine-id"},
		{"delete no id", "DELETE", "", "e1", 400, "SVCSTG.00400100", "namespace_id"},
		{"delete bad id", "DELETE", "?namespace_id=a%2Fb", "e1", 400, "SVCSTG.00400100", "mismatch the pattern"},
		{"delete public", "DELETE", "?namespace_id=public", "e1", 400, "SVCSTG.00400100", "default namespace"},
		{"delete no engine", "DELETE", "?namespace_id=taken", "", 400, "SVCSTG.00400100", "x-engine-id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.st.Revision()
			code, body := f.call(c.method, nsURL+c.query, c.engine, "")
			var out map[string]any
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("answered %d %q", code, body)
			}
			wantError(t, code, out, c.status, c.code, c.detail)
			if after := f.st.Revision(); after != before {
				t.Fatalf("store revision %d -> %d: something was written", before, after)
			}
		})
	}
	if n, _ := f.ns.Get("taken"); n.Name != "Taken" {
		t.Fatalf("taken changed: %+v", n)
	}
}

func TestNamespaceConsoleBadProject(t *testing.T) {
	f := newNSFixture(t, false)
	code, body := f.call("POST", "/v1/.bad/nacos/v1/console/namespaces?custom_name_space_id=a&namespace_name=A", "e1", "")
	if code != 400 || !strings.Contains(body, "SVCSTG.00400100") || f.ns.Exists("a") {
		t.Fatalf("bad project: %d %s", code, body)
	}
}

// Any user lists; only global admins change namespaces, which are not a
// project's; without a token the answer is the CSE token error.
func TestNamespaceConsoleAccess(t *testing.T) {
	f := newNSFixture(t, true)
	dev := authtest.User(t, f.users, "dev-rw", authtest.Grant{Resource: "dev:*:*", Action: auth.ReadWrite})
	tok, err := f.users.Login(context.Background(), "nacos", "secret-pass-1")
	if err != nil {
		t.Fatal(err)
	}
	root := tok.AccessToken
	cases := []struct {
		token, method, query string
		status               int
		code                 string
	}{
		{"", "GET", "", 401, "SVCSTG.00300401"},
		{"", "POST", "?custom_name_space_id=a&namespace_name=A", 401, "SVCSTG.00300401"},
		{dev, "GET", "", 200, ""},
		{dev, "POST", "?custom_name_space_id=a&namespace_name=A", 403, "403001"},
		{dev, "PUT", "?namespace=a&namespace_showname=B", 403, "403001"},
		{dev, "DELETE", "?namespace_id=a", 403, "403001"},
		{root, "POST", "?custom_name_space_id=a&namespace_name=A", 200, ""},
		{root, "PUT", "?namespace=a&namespace_showname=B", 200, ""},
		{root, "DELETE", "?namespace_id=a", 200, ""},
	}
	for i, c := range cases {
		code, body := f.call(c.method, nsURL+c.query, "e1", c.token)
		if code != c.status || !strings.Contains(body, c.code) {
			t.Fatalf("case %d %s %s: %d %s, want %d %s", i, c.method, c.query, code, body, c.status, c.code)
		}
	}
}
