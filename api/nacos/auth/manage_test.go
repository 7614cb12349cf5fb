package auth_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// manageFixture is a real HTTP server with the Nacos auth dialect behind
// the Nacos authenticator, an admin, and alice bound to role "dev" which
// may read naming in public.
type manageFixture struct {
	srv          *httptest.Server
	svc          *auth.Service
	admin, alice string // tokens
}

const alicePW = "Alice-pw-1"

func newManageFixture(t *testing.T) *manageFixture {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	svc := auth.New(st, auth.Options{PasswordCost: bcrypt.MinCost})
	must(t, func() error { _, err := svc.Bootstrap(ctx, "S3cret-pw"); return err }())
	must(t, func() error { _, err := svc.CreateUser(ctx, "alice", alicePW, false); return err }())
	must(t, svc.AddRole(ctx, "dev", "alice"))
	must(t, svc.AddPermission(ctx, "dev", "public:*:naming/*", auth.Read))
	mux := http.NewServeMux()
	httpx.Mount(mux, nacosauth.NewAuthenticator(svc), nacosauth.Dialect(svc, nacosauth.Options{Now: func() time.Time { return fixedNow }}))
	f := &manageFixture{srv: httptest.NewServer(mux), svc: svc}
	t.Cleanup(f.srv.Close)
	f.admin = token(t, svc, "nacos", "S3cret-pw")
	f.alice = token(t, svc, "alice", alicePW)
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func token(t *testing.T, svc *auth.Service, user, pw string) string {
	t.Helper()
	tok, err := svc.Login(context.Background(), user, pw)
	must(t, err)
	return tok.AccessToken
}

// call sends params in the query of a GET or DELETE and as a form body
// otherwise (as the console does), with the token as a Bearer header.
func (f *manageFixture) call(t *testing.T, method, path, tok string, params ...string) (int, string) {
	t.Helper()
	vals := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		vals.Add(params[i], params[i+1])
	}
	query := url.Values{}
	var body io.Reader
	if method == http.MethodGet || method == http.MethodDelete {
		for k, v := range vals {
			query[k] = v
		}
	} else {
		body = strings.NewReader(vals.Encode())
	}
	req, err := http.NewRequest(method, f.srv.URL+path+"?"+query.Encode(), body)
	must(t, err)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := f.srv.Client().Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func spring(status int, msg, path string) string {
	return `{"timestamp":"2025-06-01T12:00:00.000+00:00","status":` + strconv.Itoa(status) + `,"error":"` +
		http.StatusText(status) + `","message":"` + msg + `","path":"` + path + `"}`
}

func missingParam(name, typ string) string {
	return "caused: Required request parameter '" + name + "' for method parameter type " + typ + " is not present;"
}

const (
	okV1 = `{"code":200,"message":null,"data":"`
	okV3 = `{"code":0,"message":"success","data":`
)

type manageCase struct {
	name         string
	method, path string
	as           string // "admin", "alice" or "" (no token)
	params       []string
	status       int
	body         string
}

func runManage(t *testing.T, cases []manageCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newManageFixture(t)
			tok := map[string]string{"admin": f.admin, "alice": f.alice}[c.as]
			code, body := f.call(t, c.method, c.path, tok, c.params...)
			if code != c.status || body != c.body {
				t.Fatalf("%s %s: got %d %s\nwant %d %s", c.method, c.path, code, body, c.status, c.body)
			}
		})
	}
}

func TestV1Users(t *testing.T) {
	const u = "/nacos/v1/auth/users"
	runManage(t, []manageCase{
		{"create", "POST", u, "admin", []string{"username", "bob", "password", "Bob-pw-12"}, 200, okV1 + `create user ok!"}`},
		{"create at /v1/auth", "POST", "/nacos/v1/auth", "admin", []string{"username", "bob", "password", "Bob-pw-12"}, 200, okV1 + `create user ok!"}`},
		{"create no password", "POST", u, "admin", []string{"username", "bob"}, 400, missingParam("password", "String")},
		{"create no username", "POST", u, "admin", []string{"password", "Bob-pw-12"}, 400, missingParam("username", "String")},
		{"create duplicate", "POST", u, "admin", []string{"username", "alice", "password", "Bob-pw-12"}, 400, "caused: user 'alice' already exist!;"},
		{"create weak", "POST", u, "admin", []string{"username", "bob", "password", "bob"}, 400, "caused: password must be at least 8 characters;"},
		{"create blank name", "POST", u, "admin", []string{"username", " ", "password", "Bob-pw-12"}, 400, "caused: username is blank;"},
		{"create nacos", "POST", u, "admin", []string{"username", "nacos", "password", "Bob-pw-12"}, 200,
			`{"code":409,"message":null,"data":"User ` + "`nacos`" + ` is default admin user. Please use ` + "`/nacos/v1/auth/users/admin`" +
				` API to init ` + "`nacos`" + ` users. Detail see ` + "`https://nacos.io/docs/latest/manual/admin/auth/#31-%E8%AE%BE%E7%BD%AE%E7%AE%A1%E7%90%86%E5%91%98%E5%AF%86%E7%A0%81`" + `"}`},
		{"create as alice", "POST", u, "alice", []string{"username", "bob", "password", "Bob-pw-12"}, 403, spring(403, "authorization failed!", u)},
		{"create without token", "POST", u, "", []string{"username", "bob", "password", "Bob-pw-12"}, 403, spring(403, "user not found!", u)},
		{"delete", "DELETE", u, "admin", []string{"username", "alice"}, 200, okV1 + `delete user ok!"}`},
		{"delete unknown", "DELETE", u, "admin", []string{"username", "ghost"}, 200, okV1 + `delete user ok!"}`},
		{"delete admin", "DELETE", u, "admin", []string{"username", "nacos"}, 400, "caused: cannot delete admin: nacos;"},
		{"delete no username", "DELETE", u, "admin", nil, 400, missingParam("username", "String")},
		{"delete as alice", "DELETE", u, "alice", []string{"username", "alice"}, 403, spring(403, "authorization failed!", u)},
		{"password own", "PUT", u, "alice", []string{"username", "alice", "newPassword", "New-pw-123"}, 200, okV1 + `update user ok!"}`},
		{"password by admin", "PUT", u, "admin", []string{"username", "alice", "newPassword", "New-pw-123"}, 200, okV1 + `update user ok!"}`},
		{"password other", "PUT", u, "alice", []string{"username", "nacos", "newPassword", "New-pw-123"}, 403, spring(403, "authorization failed!", u)},
		{"password unknown", "PUT", u, "admin", []string{"username", "ghost", "newPassword", "New-pw-123"}, 400, "caused: user ghost not exist!;"},
		{"password weak", "PUT", u, "alice", []string{"username", "alice", "newPassword", "password"}, 400,
			"caused: password must mix at least 3 of lower case, upper case, digits and symbols, or be at least 16 characters long;"},
		{"password missing", "PUT", u, "alice", []string{"username", "alice"}, 400, missingParam("newPassword", "String")},
		{"list", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "10"}, 200,
			`{"totalCount":2,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"username":"alice"},{"username":"nacos"}]}`},
		{"list accurate", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "10", "username", "ali"}, 200,
			`{"totalCount":0,"pageNumber":1,"pagesAvailable":0,"pageItems":[]}`},
		{"list blur", "GET", u, "admin", []string{"search", "blur", "pageNo", "1", "pageSize", "10", "username", "ali"}, 200,
			`{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"username":"alice"}]}`},
		{"list page 2", "GET", u, "admin", []string{"search", "accurate", "pageNo", "2", "pageSize", "1"}, 200,
			`{"totalCount":2,"pageNumber":2,"pagesAvailable":2,"pageItems":[{"username":"nacos"}]}`},
		{"list no search", "GET", u, "admin", []string{"pageNo", "1", "pageSize", "10"}, 400,
			`caused: Parameter conditions "search=accurate" OR "search=blur" not met for actual request parameters: pageNo={1}, pageSize={10};`},
		{"list pageNo 0", "GET", u, "admin", []string{"search", "accurate", "pageNo", "0", "pageSize", "10"}, 400, "caused: pageNo and pageSize must be greater than zero;"},
		{"list pageSize -1", "GET", u, "admin", []string{"search", "blur", "pageNo", "1", "pageSize", "-1"}, 400, "caused: pageNo and pageSize must be greater than zero;"},
		{"list pageNo word", "GET", u, "admin", []string{"search", "accurate", "pageNo", "one", "pageSize", "10"}, 400,
			`caused: Failed to convert value of type 'java.lang.String' to required type 'int'; nested exception is java.lang.NumberFormatException: For input string: "one";`},
		{"list pageSize missing", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1"}, 400, missingParam("pageSize", "int")},
		{"list as alice", "GET", u, "alice", []string{"search", "accurate", "pageNo", "1", "pageSize", "10"}, 403, spring(403, "authorization failed!", u)},
		{"search", "GET", u + "/search", "admin", []string{"username", "a"}, 200, `["alice","nacos"]`},
		{"search none", "GET", u + "/search", "admin", []string{"username", "zz"}, 200, `[]`},
		{"search missing", "GET", u + "/search", "admin", nil, 400, missingParam("username", "String")},
		{"admin init", "POST", u + "/admin", "", nil, 200, `{"code":409,"message":null,"data":"have admin user cannot use it"}`},
		{"admin init at /v1/auth", "POST", "/nacos/v1/auth/admin", "", []string{"password", "Pw-123456"}, 200, `{"code":409,"message":null,"data":"have admin user cannot use it"}`},
	})
}
