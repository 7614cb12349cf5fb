// Package authtest sets up users with permissions for the tests of the
// dialects that enforce them, through registry/auth's own API (no HTTP
// route is needed, so a test of one dialect does not depend on another).
package authtest

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/causeway-dev/causeway/registry/auth"
)

// Password is a password that passes auth.CheckStrength.
const Password = "Perm-test-pass-1"

// Grant is one permission: a resource pattern
// ("<namespace>:<group>:<type>/<name>", '*' a wildcard) and an action.
type Grant struct {
	Resource string
	Action   auth.Action
}

// Grants turns a map of resource pattern → action into Grants, in
// resource order.
func Grants(perms map[string]auth.Action) []Grant {
	out := make([]Grant, 0, len(perms))
	for _, res := range slices.Sorted(maps.Keys(perms)) {
		out = append(out, Grant{Resource: res, Action: perms[res]})
	}
	return out
}

// User creates username with Password, bound to a role of its own name
// that holds grants (no role at all without grants), and answers a token
// issued for it.
func User(t testing.TB, s *auth.Service, username string, grants ...Grant) string {
	t.Helper()
	if err := Setup(context.Background(), s, username, grants...); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Login(context.Background(), username, Password)
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return tok.AccessToken
}

// Setup is User without the token, for a test that works on a store the
// server under test is not running on (an e2e test between two starts).
func Setup(ctx context.Context, s *auth.Service, username string, grants ...Grant) error {
	if _, err := s.CreateUser(ctx, username, Password, false); err != nil {
		return err
	}
	if len(grants) == 0 {
		return nil
	}
	role := "role-" + username
	if err := s.AddRole(ctx, role, username); err != nil {
		return err
	}
	for _, g := range grants {
		if err := s.AddPermission(ctx, role, g.Resource, g.Action); err != nil {
			return err
		}
	}
	return nil
}
