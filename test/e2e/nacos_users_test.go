package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The life cycle of a user over the Nacos user/role/permission API of the
// real binary: what is written over v1 reads back over v3 and the other
// way round; alice logs in, changes her own password (her older token is
// then refused), cannot change another's or list users, cannot set a weak
// password, and her token dies with her.
func TestNacosUsersRolesPermissionsLifeCycle(t *testing.T) {
	s := start(t, "", "--admin-password", adminPassword)
	admin := login(t, s, adminPassword)
	as := func(tok string, kv ...string) url.Values {
		v := url.Values{"accessToken": {tok}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	expect := func(step string, code int, body string, wantCode int, want string) {
		t.Helper()
		if code != wantCode || !strings.Contains(body, want) {
			t.Fatalf("%s: %d %s (want %d with %q)", step, code, body, wantCode, want)
		}
	}

	// Written over v1, read over v3.
	code, body := call(t, http.MethodPost, s.url("/nacos/v1/auth/users"), as(admin, "username", "alice", "password", "Alice-pw-1"))
	expect("v1 create alice", code, body, 200, `{"code":200,"message":null,"data":"create user ok!"}`)
	code, body = call(t, http.MethodPost, s.url("/nacos/v1/auth/roles"), as(admin, "role", "dev", "username", "alice"))
	expect("v1 add role", code, body, 200, `"data":"add role ok!"`)
	code, body = call(t, http.MethodPost, s.url("/nacos/v1/auth/permissions"), as(admin, "role", "dev", "resource", "public:*:naming/*", "action", "r"))
	expect("v1 add permission", code, body, 200, `"data":"add permission ok!"`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v3/auth/user/list"), as(admin, "pageNo", "1", "pageSize", "10", "username", "alice"))
	expect("v3 list users", code, body, 200, `"data":{"totalCount":1,"pageNumber":1,"pagesAvailable":1,"pageItems":[{"username":"alice"}]}`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v3/auth/role/list"), as(admin, "pageNo", "1", "pageSize", "10", "username", "alice"))
	expect("v3 list roles", code, body, 200, `"pageItems":[{"role":"dev","username":"alice"}]`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v3/auth/permission/list"), as(admin, "pageNo", "1", "pageSize", "10", "role", "dev"))
	expect("v3 list permissions", code, body, 200, `"pageItems":[{"role":"dev","resource":"public:*:naming/*","action":"r"}]`)

	// Written over v3, read over v1.
	code, body = call(t, http.MethodPost, s.url("/nacos/v3/auth/role"), as(admin, "role", "ops", "username", "alice"))
	expect("v3 add role", code, body, 200, `{"code":0,"message":"success","data":"add role ok!"}`)
	code, body = call(t, http.MethodPost, s.url("/nacos/v3/auth/permission"), as(admin, "role", "ops", "resource", "public:*:config/*", "action", "rw"))
	expect("v3 add permission", code, body, 200, `"data":"add permission ok!"`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/auth/roles"), as(admin, "search", "accurate", "pageNo", "1", "pageSize", "10", "username", "alice"))
	expect("v1 list roles", code, body, 200, `"pageItems":[{"role":"dev","username":"alice"},{"role":"ops","username":"alice"}]`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/auth/permissions"), as(admin, "role", "ops", "resource", "public:*:config/*", "action", "w"))
	expect("v1 duplicate check", code, body, 200, `{"code":0,"message":"success","data":true}`)

	// alice logs in and manages her own password.
	alice := loginAs(t, s, "alice", "Alice-pw-1")
	code, body = call(t, http.MethodPut, s.url("/nacos/v1/auth/users"), as(alice, "username", "alice", "newPassword", "weakweak"))
	expect("weak password", code, body, 400, "caused: password must mix")
	code, body = call(t, http.MethodPut, s.url("/nacos/v3/auth/user"), as(alice, "username", "nacos", "newPassword", "Other-pw-1"))
	expect("change another's password", code, body, 403, `"message":"authorization failed!"`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/auth/users"), as(alice, "search", "accurate", "pageNo", "1", "pageSize", "10"))
	expect("list users as alice", code, body, 403, `"message":"authorization failed!"`)
	// The weak password was not written: the old one still logs in.
	alice = loginAs(t, s, "alice", "Alice-pw-1")
	code, body = call(t, http.MethodPut, s.url("/nacos/v1/auth/users"), as(alice, "username", "alice", "newPassword", "Alice-pw-2"))
	expect("change own password", code, body, 200, `"data":"update user ok!"`)
	code, body = call(t, http.MethodGet, s.url("/nacos/v1/ns/service/list"), as(alice, "pageNo", "1", "pageSize", "10"))
	expect("old token after change", code, body, 403, "token invalid!")
	alice = loginAs(t, s, "alice", "Alice-pw-2")
	code, body = call(t, http.MethodPut, s.url("/nacos/v3/auth/user"), as(alice, "username", "alice", "newPassword", "Alice-pw-3"))
	expect("new token", code, body, 200, `"data":"update user ok!"`)
	alice = loginAs(t, s, "alice", "Alice-pw-3")

	// Deleting alice revokes her token.
	code, body = call(t, http.MethodDelete, s.url("/nacos/v3/auth/user?")+as(admin, "username", "alice").Encode(), nil)
	expect("delete alice", code, body, 200, `"data":"delete user ok!"`)
	code, body = call(t, http.MethodPut, s.url("/nacos/v3/auth/user"), as(alice, "username", "alice", "newPassword", "Alice-pw-4"))
	expect("token of deleted user", code, body, 403, "user not found!")
	code, body = call(t, http.MethodPost, s.url("/nacos/v1/auth/users/admin"), nil)
	expect("admin init", code, body, 200, `{"code":409,"message":null,"data":"have admin user cannot use it"}`)
}

func loginAs(t *testing.T, s *server, username, password string) string {
	t.Helper()
	code, body := call(t, http.MethodPost, s.url("/nacos/v3/auth/user/login"), url.Values{"username": {username}, "password": {password}})
	if code != http.StatusOK {
		t.Fatalf("login %s: %d %s", username, code, body)
	}
	var tok struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("login answer %s: %v", body, err)
	}
	return tok.AccessToken
}
