package auth_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestV1Roles(t *testing.T) {
	const u = "/nacos/v1/auth/roles"
	runManage(t, []manageCase{
		{"add", "POST", u, "admin", []string{"role", "ops", "username", "alice"}, 200, okV1 + `add role ok!"}`},
		{"add ROLE_ADMIN", "POST", u, "admin", []string{"role", "ROLE_ADMIN", "username", "alice"}, 400, "caused: role 'ROLE_ADMIN' is not permitted to create!;"},
		{"add unknown user", "POST", u, "admin", []string{"role", "ops", "username", "ghost"}, 400, "caused: user 'ghost' not found!;"},
		{"add bound", "POST", u, "admin", []string{"role", "dev", "username", "alice"}, 400, "caused: user 'alice' already bound to the role 'dev'!;"},
		{"add no username", "POST", u, "admin", []string{"role", "ops"}, 400, missingParam("username", "String")},
		{"add no role", "POST", u, "admin", []string{"username", "alice"}, 400, missingParam("role", "String")},
		{"add as alice", "POST", u, "alice", []string{"role", "ops", "username", "alice"}, 403, spring(403, "authorization failed!", u)},
		{"delete binding", "DELETE", u, "admin", []string{"role", "dev", "username", "alice"}, 200, okV1 + `delete role of user alice ok!"}`},
		{"delete role", "DELETE", u, "admin", []string{"role", "dev"}, 200, okV1 + `delete role of user  ok!"}`},
		{"delete ROLE_ADMIN", "DELETE", u, "admin", []string{"role", "ROLE_ADMIN", "username", "nacos"}, 400, "caused: role 'ROLE_ADMIN' cannot be deleted;"},
		{"delete no role", "DELETE", u, "admin", nil, 400, missingParam("role", "String")},
		{"list", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "10"}, 200,
			`{"totalCount":2,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"dev","username":"alice"},{"role":"ROLE_ADMIN","username":"nacos"}]}`},
		{"list by user", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "10", "username", "nacos"}, 200,
			`{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"ROLE_ADMIN","username":"nacos"}]}`},
		{"list blur beyond", "GET", u, "admin", []string{"search", "blur", "pageNo", "3", "pageSize", "1", "role", "ADMIN"}, 200,
			`{"totalCount":1,"pageNumber":3,"pagesAvailable":1,"pageItems":[]}`},
		{"list no search", "GET", u, "admin", []string{"pageNo", "1", "pageSize", "10"}, 400,
			`caused: Parameter conditions "search=accurate" OR "search=blur" not met for actual request parameters: pageNo={1}, pageSize={10};`},
		{"list bad paging", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "0"}, 400, "caused: pageNo and pageSize must be greater than zero;"},
		{"list as alice", "GET", u, "alice", []string{"search", "accurate", "pageNo", "1", "pageSize", "10"}, 403, spring(403, "authorization failed!", u)},
		{"search", "GET", u + "/search", "admin", []string{"role", "e"}, 200, `["dev"]`},
		{"search admin", "GET", u + "/search", "admin", []string{"role", "_"}, 200, `["ROLE_ADMIN"]`},
		{"search none", "GET", u + "/search", "admin", []string{"role", "zz"}, 200, `[]`},
		{"search missing", "GET", u + "/search", "admin", nil, 400, missingParam("role", "String")},
	})
}

func TestV1Permissions(t *testing.T) {
	const u = "/nacos/v1/auth/permissions"
	runManage(t, []manageCase{
		{"add", "POST", u, "admin", []string{"role", "dev", "resource", "public:*:config/*", "action", "rw"}, 200, okV1 + `add permission ok!"}`},
		{"add unknown role", "POST", u, "admin", []string{"role", "ghost", "resource", "public:*:config/*", "action", "rw"}, 400, "caused: role ghost not found!;"},
		{"add duplicate", "POST", u, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "r"}, 400,
			"caused: permission already exist: role dev, resource public:*:naming/*, action r;"},
		{"add bad action", "POST", u, "admin", []string{"role", "dev", "resource", "public:*:config/*", "action", "x"}, 400, "caused: action must be r, w or rw;"},
		{"add bad resource", "POST", u, "admin", []string{"role", "dev", "resource", "config", "action", "r"}, 400,
			"caused: resource must be <namespace>:<group>:<type>[/<name>], e.g. public:*:*;"},
		{"add no action", "POST", u, "admin", []string{"role", "dev", "resource", "public:*:config/*"}, 400, missingParam("action", "String")},
		{"add as alice", "POST", u, "alice", []string{"role", "dev", "resource", "public:*:config/*", "action", "rw"}, 403, spring(403, "authorization failed!", u)},
		{"delete", "DELETE", u, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "r"}, 200, okV1 + `delete permission ok!"}`},
		{"delete missing", "DELETE", u, "admin", []string{"role", "dev", "resource", "nope", "action", "r"}, 200, okV1 + `delete permission ok!"}`},
		{"delete no resource", "DELETE", u, "admin", []string{"role", "dev", "action", "r"}, 400, missingParam("resource", "String")},
		{"covered", "GET", u, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "r"}, 200, okV3 + `true}`},
		{"not covered", "GET", u, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "w"}, 200, okV3 + `false}`},
		{"covered other search", "GET", u, "admin", []string{"search", "x", "role", "dev", "resource", "public:*:naming/*", "action", "r"}, 200, okV3 + `true}`},
		{"covered no role", "GET", u, "admin", []string{"resource", "public:*:naming/*", "action", "r"}, 400, missingParam("role", "String")},
		{"list", "GET", u, "admin", []string{"search", "accurate", "pageNo", "1", "pageSize", "10", "role", "dev"}, 200,
			`{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"dev","resource":"public:*:naming/*","action":"r"}]}`},
		{"list blur", "GET", u, "admin", []string{"search", "blur", "pageNo", "1", "pageSize", "10", "role", "x"}, 200,
			`{"totalCount":0,"pageNumber":1,"pagesAvailable":0,"pageItems":[]}`},
		{"list bad paging", "GET", u, "admin", []string{"search", "accurate", "pageNo", "x", "pageSize", "10"}, 400,
			`caused: Failed to convert value of type 'java.lang.String' to required type 'int'; nested exception is java.lang.NumberFormatException: For input string: "x";`},
		{"list as alice", "GET", u, "alice", []string{"search", "accurate", "pageNo", "1", "pageSize", "10"}, 403, spring(403, "authorization failed!", u)},
	})
}

func TestV3UsersRolesPermissions(t *testing.T) {
	const user, role, perm = "/nacos/v3/auth/user", "/nacos/v3/auth/role", "/nacos/v3/auth/permission"
	runManage(t, []manageCase{
		{"user create", "POST", user, "admin", []string{"username", "bob", "password", "Bob-pw-12"}, 200, okV3 + `"create user ok!"}`},
		{"user create nacos", "POST", user, "admin", []string{"username", "nacos", "password", "Bob-pw-12"}, 400, "caused: user 'nacos' already exist!;"},
		{"user create weak", "POST", user, "admin", []string{"username", "bob", "password", "bobbobbob"}, 400,
			"caused: password must mix at least 3 of lower case, upper case, digits and symbols, or be at least 16 characters long;"},
		{"user create missing", "POST", user, "admin", []string{"username", "bob"}, 400, missingParam("password", "String")},
		{"user create as alice", "POST", user, "alice", []string{"username", "bob", "password", "Bob-pw-12"}, 403, spring(403, "authorization failed!", user)},
		{"user delete", "DELETE", user, "admin", []string{"username", "alice"}, 200, okV3 + `"delete user ok!"}`},
		{"user delete admin", "DELETE", user, "admin", []string{"username", "nacos"}, 400, "caused: cannot delete admin: nacos;"},
		{"user password own", "PUT", user, "alice", []string{"username", "alice", "newPassword", "New-pw-123"}, 200, okV3 + `"update user ok!"}`},
		{"user password other", "PUT", user, "alice", []string{"username", "nacos", "newPassword", "New-pw-123"}, 403, spring(403, "authorization failed!", user)},
		{"user password unknown", "PUT", user, "admin", []string{"username", "ghost", "newPassword", "New-pw-123"}, 400, "caused: user ghost not exist!;"},
		{"user admin init", "POST", user + "/admin", "", nil, 200, `{"code":409,"message":"have admin user cannot use it.","data":null}`},
		{"user list", "GET", user + "/list", "admin", []string{"pageNo", "1", "pageSize", "1"}, 200,
			okV3 + `{"totalCount":2,"pageNumber":1,"pagesAvailable":2,"pageItems":[{"username":"alice"}]}}`},
		{"user list blur", "GET", user + "/list", "admin", []string{"pageNo", "1", "pageSize", "10", "search", "BLUR", "username", "co"}, 200,
			okV3 + `{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"username":"nacos"}]}}`},
		{"user list accurate", "GET", user + "/list", "admin", []string{"pageNo", "1", "pageSize", "10", "username", "co"}, 200,
			okV3 + `{"totalCount":0,"pageNumber":1,"pagesAvailable":0,"pageItems":[]}}`},
		{"user list no pageNo", "GET", user + "/list", "admin", []string{"pageSize", "10"}, 400, missingParam("pageNo", "int")},
		{"user list bad paging", "GET", user + "/list", "admin", []string{"pageNo", "-1", "pageSize", "10"}, 400, "caused: pageNo and pageSize must be greater than zero;"},
		{"user list as alice", "GET", user + "/list", "alice", []string{"pageNo", "1", "pageSize", "10"}, 403, spring(403, "authorization failed!", user+"/list")},
		{"user search", "GET", user + "/search", "admin", []string{"username", "li"}, 200, okV3 + `["alice"]}`},
		{"user search missing", "GET", user + "/search", "admin", nil, 400, missingParam("username", "String")},
		{"role add", "POST", role, "admin", []string{"role", "ops", "username", "alice"}, 200, okV3 + `"add role ok!"}`},
		{"role add ROLE_ADMIN", "POST", role, "admin", []string{"role", "ROLE_ADMIN", "username", "alice"}, 400, "caused: role 'ROLE_ADMIN' is not permitted to create!;"},
		{"role add unknown user", "POST", role, "admin", []string{"role", "ops", "username", "ghost"}, 400, "caused: user 'ghost' not found!;"},
		{"role delete", "DELETE", role, "admin", []string{"role", "dev", "username", "alice"}, 200, okV3 + `"delete role of user alice ok!"}`},
		{"role delete ROLE_ADMIN", "DELETE", role, "admin", []string{"role", "ROLE_ADMIN"}, 400, "caused: role 'ROLE_ADMIN' cannot be deleted;"},
		{"role list", "GET", role + "/list", "admin", []string{"pageNo", "1", "pageSize", "10", "role", "dev"}, 200,
			okV3 + `{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"dev","username":"alice"}]}}`},
		{"role list blur", "GET", role + "/list", "admin", []string{"pageNo", "1", "pageSize", "10", "role", "ADM", "search", "blur"}, 200,
			okV3 + `{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"ROLE_ADMIN","username":"nacos"}]}}`},
		{"role list bad paging", "GET", role + "/list", "admin", []string{"pageNo", "1"}, 400, missingParam("pageSize", "int")},
		{"role search", "GET", role + "/search", "admin", []string{"role", "D"}, 200, okV3 + `["ROLE_ADMIN"]}`},
		{"role as alice", "GET", role + "/search", "alice", []string{"role", "d"}, 403, spring(403, "authorization failed!", role+"/search")},
		{"perm add", "POST", perm, "admin", []string{"role", "dev", "resource", "public:*:config/*", "action", "w"}, 200, okV3 + `"add permission ok!"}`},
		{"perm add unknown role", "POST", perm, "admin", []string{"role", "ghost", "resource", "public:*:config/*", "action", "w"}, 400, "caused: role ghost not found!;"},
		{"perm delete", "DELETE", perm, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "r"}, 200, okV3 + `"delete permission ok!"}`},
		{"perm covered", "GET", perm, "admin", []string{"role", "dev", "resource", "public:*:naming/*", "action", "r"}, 200, okV3 + `true}`},
		{"perm covered missing", "GET", perm, "admin", []string{"role", "dev"}, 400, missingParam("resource", "String")},
		{"perm list", "GET", perm + "/list", "admin", []string{"pageNo", "1", "pageSize", "10"}, 200,
			okV3 + `{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"role":"dev","resource":"public:*:naming/*","action":"r"}]}}`},
		{"perm list bad paging", "GET", perm + "/list", "admin", []string{"pageNo", "0", "pageSize", "10"}, 400, "caused: pageNo and pageSize must be greater than zero;"},
		{"perm as alice", "POST", perm, "alice", []string{"role", "dev", "resource", "public:*:config/*", "action", "w"}, 403, spring(403, "authorization failed!", perm)},
	})
}

// TestRefusedWritesWriteNothing: a weak password is refused before
// anything is stored, on creation and on change.
func TestRefusedWritesWriteNothing(t *testing.T) {
	f := newManageFixture(t)
	ctx := context.Background()
	for _, path := range []string{"/nacos/v1/auth/users", "/nacos/v3/auth/user"} {
		if code, body := f.call(t, http.MethodPost, path, f.admin, "username", "bob", "password", "short"); code != 400 {
			t.Fatalf("%s weak create: %d %s", path, code, body)
		}
		if _, err := f.svc.GetUser(ctx, "bob"); registry.KindOf(err) != registry.KindNotFound {
			t.Fatalf("%s: weak create stored bob: %v", path, err)
		}
		if code, body := f.call(t, http.MethodPut, path, f.alice, "username", "alice", "newPassword", "short"); code != 400 {
			t.Fatalf("%s weak change: %d %s", path, code, body)
		}
		if _, err := f.svc.Verify(ctx, f.alice); err != nil {
			t.Fatalf("%s: weak change revoked the token: %v", path, err)
		}
		if _, err := f.svc.Login(ctx, "alice", alicePW); err != nil {
			t.Fatalf("%s: weak change changed the password: %v", path, err)
		}
	}
}

// TestPasswordChangeRevokesOverHTTP: after alice changes her password,
// her old token is refused on a secured route with Nacos's text.
func TestPasswordChangeRevokesOverHTTP(t *testing.T) {
	f := newManageFixture(t)
	const u = "/nacos/v3/auth/user"
	if code, body := f.call(t, http.MethodPut, u, f.alice, "username", "alice", "newPassword", "New-pw-123"); code != 200 {
		t.Fatalf("change: %d %s", code, body)
	}
	code, body := f.call(t, http.MethodPut, u, f.alice, "username", "alice", "newPassword", "New-pw-456")
	if code != 403 || body != spring(403, "token invalid!", u) {
		t.Fatalf("old token: %d %s", code, body)
	}
}
