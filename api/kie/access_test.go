package kie

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/auth/authtest"
	"github.com/causeway-dev/causeway/registry/store"
)

func TestEveryRouteDeclaresAccess(t *testing.T) {
	for _, rt := range Dialect(nil, Options{}).Routes {
		if rt.Access == nil || rt.Access.Type != auth.TypeConfig || rt.Access.Scope == nil {
			t.Errorf("%s: access %+v, want a config scope", rt.Pattern, rt.Access)
		}
	}
}

// authFixture is the dialect behind real token authentication, with users
// holding permissions on project dev.
func authFixture(t *testing.T) (*http.ServeMux, map[string]string) {
	t.Helper()
	tokens := map[string]string{}
	f := newFixtureAuth(t, func(st store.Store) httpx.Authenticator {
		users := auth.New(st, auth.Options{PasswordCost: 4})
		if _, err := users.Bootstrap(t.Context(), "secret-pass-1"); err != nil {
			t.Fatal(err)
		}
		for name, grants := range map[string][]authtest.Grant{
			"dev-rw": {{Resource: "dev:*:config/*", Action: auth.ReadWrite}},
			"dev-ro": {{Resource: "dev:*:config/*", Action: auth.Read}},
			"group":  {{Resource: "dev:DEFAULT_GROUP:config/*", Action: auth.ReadWrite}},
			"naming": {{Resource: "dev:*:naming/*", Action: auth.ReadWrite}},
		} {
			tokens[name] = authtest.User(t, users, name, grants...)
		}
		return httpx.NewTokenAuth(users)
	})
	return f.mux, tokens
}

func TestPermissionsPerRoute(t *testing.T) {
	mux, tokens := authFixture(t)
	const dev, def = "/v1/dev/kie", "/v1/default/kie"
	kv := `{"key":"k%d","value":"v","labels":{"app":"shop"}}`
	file := `{"data":[{"key":"f%d","value":"v","labels":{"app":"shop"}}]}`
	cases := []struct {
		user, method, path, body string
		want                     int
		fam                      family
	}{
		{"dev-rw", "POST", dev + "/kv", kv, 200, kvFamily},
		{"dev-rw", "GET", dev + "/kv", "", 200, kvFamily},
		{"dev-rw", "POST", def + "/kv", kv, 403, kvFamily},
		{"dev-rw", "GET", def + "/kv", "", 403, kvFamily},
		{"dev-rw", "POST", dev + "/file?override=force", file, 200, fileFamily},
		{"dev-rw", "POST", def + "/file?override=force", file, 403, fileFamily},
		{"dev-ro", "GET", dev + "/kv", "", 200, kvFamily},
		{"dev-ro", "GET", dev + "/kv/0123", "", 404, kvFamily},
		{"dev-ro", "POST", dev + "/download", `{}`, 400, fileFamily}, // allowed, then refused: no ids
		{"dev-ro", "POST", dev + "/kv", kv, 403, kvFamily},
		{"dev-ro", "PUT", dev + "/kv/0123", `{"value":"x"}`, 403, kvFamily},
		{"dev-ro", "DELETE", dev + "/kv/0123", "", 403, kvFamily},
		{"dev-ro", "DELETE", dev + "/kv", `{"ids":["0123"]}`, 403, kvFamily},
		{"dev-ro", "POST", dev + "/file?override=force", file, 403, fileFamily},
		// A kv has no group: one group's permission is not enough.
		{"group", "GET", dev + "/kv", "", 403, kvFamily},
		{"naming", "GET", dev + "/kv", "", 403, kvFamily},
	}
	for i, c := range cases {
		body := strings.Replace(c.body, "%d", string(rune('a'+i)), 1)
		req := httptest.NewRequest(c.method, c.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tokens[c.user])
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		var got map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &got)
		if rec.Code != c.want {
			t.Errorf("%s %s %s: %d %s, want %d", c.user, c.method, c.path, rec.Code, rec.Body, c.want)
			continue
		}
		if c.want != 403 {
			continue
		}
		want := map[string]any{"error_code": "403205", "error_message": "No permission(s)", "errorCode": "403205",
			"errorMessage": "No permission(s)", "detail": "authorization failed!"}
		if c.fam == fileFamily {
			want = map[string]any{"error_code": "403001", "error_msg": "ErrForbidden", "detail": "authorization failed!"}
		}
		if len(got) != len(want) {
			t.Errorf("%s %s %s: %s, want %v", c.user, c.method, c.path, rec.Body, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s %s %s: %s, want %s=%v", c.user, c.method, c.path, rec.Body, k, v)
			}
		}
	}
}
