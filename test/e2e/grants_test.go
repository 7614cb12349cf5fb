package e2e

import (
	"net/http"
	"net/url"
	"testing"
)

// grant creates user (with password) through the Nacos user API, as an
// operator would, binds it to role "role-<user>" and grants that role
// action on each resource. adminToken is a global admin's login token.
func grant(t *testing.T, s *server, adminToken, user, password, action string, resources ...string) {
	t.Helper()
	role := "role-" + user
	steps := []struct {
		path string
		form url.Values
	}{
		{"/nacos/v1/auth/users", url.Values{"username": {user}, "password": {password}}},
		{"/nacos/v1/auth/roles", url.Values{"role": {role}, "username": {user}}},
	}
	for _, res := range resources {
		steps = append(steps, struct {
			path string
			form url.Values
		}{"/nacos/v1/auth/permissions", url.Values{"role": {role}, "resource": {res}, "action": {action}}})
	}
	for _, st := range steps {
		if code, body := authedCall(t, adminToken, http.MethodPost, s.url(st.path), st.form); code != http.StatusOK {
			t.Fatalf("POST %s %v: %d %s", st.path, st.form, code, body)
		}
	}
}
