package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// withRole creates user with a role holding the given grants (resource,
// action pairs) and answers the user's identity as a token would give it.
func withRole(t *testing.T, s *Service, user, role string, grants ...string) *Identity {
	t.Helper()
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, user, "Pw-"+user+"-12", false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole(ctx, role, user); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(grants); i += 2 {
		if err := s.AddPermission(ctx, role, grants[i], Action(grants[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	return verified(t, s, user)
}

// verified answers a user's identity the way a request gets it: a token
// issued at login and verified.
func verified(t *testing.T, s *Service, user string) *Identity {
	t.Helper()
	password := "Pw-" + user + "-12"
	if user == DefaultAdmin {
		password = "S3cret-pw" // booted's
	}
	tok, err := s.Login(context.Background(), user, password)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Verify(context.Background(), tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestResourceString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		res  Resource
		want string
	}{
		{Resource{"dev", "DEFAULT_GROUP", TypeNaming, "orders"}, "dev:DEFAULT_GROUP:naming/orders"},
		{Resource{"public", "g", TypeConfig, "app.yaml"}, ":g:config/app.yaml"},
		{Resource{"", "", TypeConfig, ""}, ":*:config/*"},
		{Resource{"dev", " ", "NAMING", ""}, "dev:*:naming/*"},
	}
	for _, c := range cases {
		if got := c.res.String(); got != c.want {
			t.Errorf("%+v = %q, want %q", c.res, got, c.want)
		}
	}
}

func TestAuthorize(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	devRW := withRole(t, s, "dev", "developer", "dev:*:*", "rw")
	reader := withRole(t, s, "reader", "viewer", "public:*:naming/*", "r")
	grouped := withRole(t, s, "grouped", "orders-team", "dev:orders:*", "w", ":*:config/app.*", "r")
	dotted := withRole(t, s, "dotted", "dots", "dev:a.b:*", "rw")
	admin := verified(t, s, DefaultAdmin)
	cases := []struct {
		name string
		id   *Identity
		res  Resource
		act  Action
		ok   bool
	}{
		{"admin anything", admin, Resource{"x", "y", TypeGateway, "z"}, Write, true},
		{"rw reads", devRW, Resource{"dev", "g", TypeNaming, "s"}, Read, true},
		{"rw writes config", devRW, Resource{"dev", "g", TypeConfig, "d"}, Write, true},
		{"other namespace", devRW, Resource{"prod", "g", TypeNaming, "s"}, Read, false},
		{"public is not dev", devRW, Resource{"public", "g", TypeNaming, "s"}, Read, false},
		{"namespace prefix is not the namespace", devRW, Resource{"dev2", "g", TypeNaming, "s"}, Read, false},
		{"reader reads public naming", reader, Resource{"public", "DEFAULT_GROUP", TypeNaming, "s"}, Read, true},
		{"reader reads empty namespace as public", reader, Resource{"", "DEFAULT_GROUP", TypeNaming, "s"}, Read, true},
		{"reader cannot write", reader, Resource{"public", "DEFAULT_GROUP", TypeNaming, "s"}, Write, false},
		{"reader cannot read config", reader, Resource{"public", "DEFAULT_GROUP", TypeConfig, "s"}, Read, false},
		{"group grant writes its group", grouped, Resource{"dev", "orders", TypeNaming, "s"}, Write, true},
		{"group grant is write only", grouped, Resource{"dev", "orders", TypeNaming, "s"}, Read, false},
		{"group grant not another group", grouped, Resource{"dev", "billing", TypeNaming, "s"}, Write, false},
		{"group grant needs the group known", grouped, Resource{"dev", "", TypeNaming, "s"}, Write, false},
		{"name wildcard", grouped, Resource{"public", "g", TypeConfig, "app.yaml"}, Read, true},
		{"name wildcard other name", grouped, Resource{"public", "g", TypeConfig, "db.yaml"}, Read, false},
		{"dot is literal", dotted, Resource{"dev", "aXb", TypeNaming, "s"}, Read, false},
		{"dot matches itself", dotted, Resource{"dev", "a.b", TypeNaming, "s"}, Read, true},
		{"no identity", nil, Resource{"dev", "g", TypeNaming, "s"}, Read, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Authorize(ctx, c.id, c.res, c.act)
			if c.ok != (err == nil) {
				t.Fatalf("Authorize = %v, want allowed %v", err, c.ok)
			}
			if err != nil && (!errors.Is(err, ErrForbidden) || registry.KindOf(err) != registry.KindForbidden || err.Error() != "authorization failed!") {
				t.Fatalf("refusal = %v (kind %v)", err, registry.KindOf(err))
			}
		})
	}
}

// TestRevokedAtOnce: a permission deleted, a role unbound or a role
// deleted is refused on the next request, with no cache to wait out.
func TestRevokedAtOnce(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	res := Resource{"dev", "g", TypeNaming, "s"}
	steps := []struct {
		name   string
		revoke func(t *testing.T)
	}{
		{"permission deleted", func(t *testing.T) {
			if err := s.DeletePermission(ctx, "r1", "dev:*:*", ReadWrite); err != nil {
				t.Fatal(err)
			}
		}},
		{"role unbound", func(t *testing.T) {
			if err := s.DeleteRole(ctx, "r2", "u2"); err != nil {
				t.Fatal(err)
			}
		}},
		{"role deleted", func(t *testing.T) {
			if err := s.DeleteRole(ctx, "r3", ""); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			user, role := fmt.Sprintf("u%d", i+1), fmt.Sprintf("r%d", i+1)
			withRole(t, s, user, role, "dev:*:*", "rw")
			if err := s.Authorize(ctx, verified(t, s, user), res, Write); err != nil {
				t.Fatalf("before: %v", err)
			}
			step.revoke(t)
			if err := s.Authorize(ctx, verified(t, s, user), res, Write); !errors.Is(err, ErrForbidden) {
				t.Fatalf("after: %v", err)
			}
		})
	}
	perms, err := s.ListPermissions(ctx, "r3", false)
	if err != nil || len(perms) != 0 {
		t.Fatalf("a deleted role's permissions stay: %v, %v", perms, err)
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	s, _, st := booted(t)
	ctx := context.Background()
	withRole(t, s, "alice", "dev")
	if err := s.AddRole(ctx, "ops", "alice"); err != nil {
		t.Fatal(err)
	}
	rev := enginetest.State(t, st)
	refusals := []struct {
		name       string
		role, user string
		kind       registry.Kind
		msg        string
	}{
		{"admin role", GlobalAdminRole, "alice", registry.KindInvalid, "role 'ROLE_ADMIN' is not permitted to create!"},
		{"unknown user", "dev", "ghost", registry.KindNotFound, "user 'ghost' not found!"},
		{"bound twice", "dev", "alice", registry.KindConflict, "user 'alice' already bound to the role 'dev'!"},
		{"blank role", " ", "alice", registry.KindInvalid, "role is blank"},
		{"control character", "a\nb", "alice", registry.KindInvalid, "role contains illegal characters"},
		{"too long", strings.Repeat("r", MaxRoleLen+1), "alice", registry.KindInvalid, "role must not exceed 50 characters"},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			err := s.AddRole(ctx, c.role, c.user)
			if registry.KindOf(err) != c.kind || err.Error() != c.msg {
				t.Fatalf("AddRole = %v (kind %v)", err, registry.KindOf(err))
			}
		})
	}
	if err := s.DeleteRole(ctx, GlobalAdminRole, DefaultAdmin); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("deleting ROLE_ADMIN: %v", err)
	}
	if enginetest.State(t, st) != rev {
		t.Fatal("refusals wrote")
	}
	all, err := s.ListRoles(ctx, "", "", false)
	if err != nil {
		t.Fatal(err)
	}
	want := []RoleBinding{{"dev", "alice"}, {"ops", "alice"}, {GlobalAdminRole, DefaultAdmin}}
	if fmt.Sprint(all) != fmt.Sprint(want) {
		t.Fatalf("ListRoles = %v, want %v", all, want)
	}
	if got, _ := s.ListRoles(ctx, "ali", "", true); len(got) != 2 {
		t.Fatalf("blur by user = %v", got)
	}
	if got, _ := s.ListRoles(ctx, "ali", "", false); len(got) != 0 {
		t.Fatalf("accurate by part of a name = %v", got)
	}
	if got, _ := s.SearchRoles(ctx, "O"); fmt.Sprint(got) != "[ROLE_ADMIN]" {
		t.Fatalf("SearchRoles(O) = %v", got)
	}
	if got, _ := s.SearchRoles(ctx, ""); fmt.Sprint(got) != "[ROLE_ADMIN dev ops]" {
		t.Fatalf("SearchRoles() = %v", got)
	}
	// Deleting the user takes its bindings with it.
	if err := s.DeleteUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.ListRoles(ctx, "", "dev", false); len(got) != 0 {
		t.Fatalf("bindings of a deleted user: %v", got)
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	s, _, st := booted(t)
	ctx := context.Background()
	withRole(t, s, "alice", "dev", "dev:*:*", "rw")
	rev := enginetest.State(t, st)
	refusals := []struct {
		name           string
		role, resource string
		action         Action
		kind           registry.Kind
	}{
		{"unknown role", "nobody", "dev:*:*", Read, registry.KindNotFound},
		{"duplicate", "dev", "dev:*:*", ReadWrite, registry.KindConflict},
		{"two parts", "dev", "dev:*", Read, registry.KindInvalid},
		{"four parts", "dev", "dev:*:*:*", Read, registry.KindInvalid},
		{"blank", "dev", " ", Read, registry.KindInvalid},
		{"space inside", "dev", "dev:a b:*", Read, registry.KindInvalid},
		{"too long", "dev", "dev:*:" + strings.Repeat("x", MaxResourceLen), Read, registry.KindInvalid},
		{"bad action", "dev", "dev:g:*", Action("x"), registry.KindInvalid},
		{"empty action", "dev", "dev:g:*", Action(""), registry.KindInvalid},
	}
	for _, c := range refusals {
		t.Run(c.name, func(t *testing.T) {
			if err := s.AddPermission(ctx, c.role, c.resource, c.action); registry.KindOf(err) != c.kind {
				t.Fatalf("AddPermission = %v (kind %v)", err, registry.KindOf(err))
			}
		})
	}
	if enginetest.State(t, st) != rev {
		t.Fatal("refusals wrote")
	}
	if err := s.AddPermission(ctx, "dev", "public:*:config/*", Read); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListPermissions(ctx, "de", true)
	if err != nil || fmt.Sprint(got) != "[{dev dev:*:* rw} {dev public:*:config/* r}]" {
		t.Fatalf("ListPermissions = %v, %v", got, err)
	}
	for _, c := range []struct {
		resource string
		action   Action
		want     bool
	}{{"dev:*:*", Write, true}, {"dev:*:*", Read, true}, {"public:*:config/*", Read, true}, {"public:*:config/*", Write, false}, {"x:*:*", Read, false}} {
		if ok, err := s.PermissionCovered(ctx, "dev", c.resource, c.action); err != nil || ok != c.want {
			t.Errorf("PermissionCovered(%s, %s) = %v, %v", c.resource, c.action, ok, err)
		}
	}
	for _, p := range got {
		if err := s.DeletePermission(ctx, p.Role, p.Resource, p.Action); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeletePermission(ctx, "dev", "dev:*:*", Read); err != nil {
		t.Fatalf("deleting what is not there: %v", err)
	}
	if _, err := st.Get(ctx, permissionsKey("dev")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an emptied role keeps a record: %v", err)
	}
}

func TestMatchName(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, filter string
		blur, want   bool
	}{
		{"alice", "", false, true},
		{"alice", "alice", false, true},
		{"alice", "ali", false, false},
		{"alice", "lic", true, true},
		{"alice", "a*e", true, true},
		{"alice", "a*x", true, false},
		{"a.b", "a.*", true, true},
		{"axb", "a.*", true, false},
	}
	for _, c := range cases {
		if got := MatchName(c.name, c.filter, c.blur); got != c.want {
			t.Errorf("MatchName(%q, %q, %v) = %v", c.name, c.filter, c.blur, got)
		}
	}
}

// TestPasswordChangeRevokesTokens: tokens issued before a password
// change are refused; one issued after is not; the caller must be an
// admin or the user.
func TestPasswordChangeRevokesTokens(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	alice := withRole(t, s, "alice", "dev")
	bob := withRole(t, s, "bob", "dev")
	old, err := s.Login(ctx, "alice", "Pw-alice-12")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, bob, "alice", "Bobs-choice-1"); !errors.Is(err, ErrForbidden) {
		t.Fatalf("bob changed alice's password: %v", err)
	}
	if _, err := s.Verify(ctx, old.AccessToken); err != nil {
		t.Fatalf("a refused change revoked: %v", err)
	}
	if err := s.ChangePassword(ctx, alice, "alice", "weak"); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("weak password: %v", err)
	}
	if err := s.ChangePassword(ctx, alice, "alice", "Alice-new-pw-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(ctx, old.AccessToken); !errors.Is(err, ErrTokenInvalid) || err.Error() != "token invalid!" {
		t.Fatalf("old token after the change: %v", err)
	}
	fresh, err := s.Login(ctx, "alice", "Alice-new-pw-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(ctx, fresh.AccessToken); err != nil {
		t.Fatalf("new token: %v", err)
	}
	// An admin changes anyone's password, and that revokes too.
	if err := s.ChangePassword(ctx, verified(t, s, DefaultAdmin), "alice", "Admin-set-pw-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(ctx, fresh.AccessToken); !errors.Is(err, ErrTokenInvalid) {
		t.Fatalf("token after the admin's change: %v", err)
	}
}

func TestCheckStrength(t *testing.T) {
	t.Parallel()
	cases := []struct {
		user, pw string
		ok       bool
	}{
		{"alice", "", false},
		{"alice", "1", false},
		{"alice", "Ab1-xyz", false},         // 7 characters
		{"alice", "abcdefgh", false},        // one class
		{"alice", "abcdEFGH", false},        // two classes
		{"alice", "abcdEF12", true},         // three
		{"alice", "abc-1234", true},         // lower, digit, symbol
		{"Alice-pw-1", "alice-PW-1", false}, // the username
		{"alice", "correcthorsebattery", true},
		{"alice", "ABCDEFGHJKLMNPQRSTUVWXYZ23", true}, // rand.Text's form
		{"alice", "пароль-Пароль-1", true},
	}
	for _, c := range cases {
		if err := CheckStrength(c.user, c.pw); (err == nil) != c.ok {
			t.Errorf("CheckStrength(%q, %q) = %v, want ok %v", c.user, c.pw, err, c.ok)
		}
	}
}

// BenchmarkAuthorize is the cost a non-admin's request adds: one store
// read per role and a match per permission.
func BenchmarkAuthorize(b *testing.B) {
	st := memStore(b)
	s := newSvc(st, Options{})
	ctx := context.Background()
	if _, err := s.Bootstrap(ctx, "S3cret-pw"); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, "dev", "Pw-dev-12", false); err != nil {
		b.Fatal(err)
	}
	for r := range 3 {
		role := fmt.Sprintf("role%d", r)
		if err := s.AddRole(ctx, role, "dev"); err != nil {
			b.Fatal(err)
		}
		for p := range 10 {
			if err := s.AddPermission(ctx, role, fmt.Sprintf("ns%d:g%d:*", r, p), ReadWrite); err != nil {
				b.Fatal(err)
			}
		}
	}
	id := &Identity{Username: "dev", Roles: []string{"role0", "role1", "role2"}}
	res := Resource{"ns2", "g9", TypeNaming, "svc"} // the last permission of the last role
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Authorize(ctx, id, res, Write); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzGlob: any pattern compiles, matches itself read literally (its
// '*' standing for themselves), and a pattern without '*' matches only
// itself.
func FuzzGlob(f *testing.F) {
	for _, s := range []string{"dev:*:*", "a.b", "(", "[a-z]+", "\\", "public:*:naming/*", "*"} {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, pattern, other string) {
		re := newGlob(pattern)
		if !re.MatchString(pattern) {
			t.Fatalf("%q does not match itself", pattern)
		}
		if !strings.Contains(pattern, "*") && other != pattern && re.MatchString(other) {
			t.Fatalf("%q matches %q", pattern, other)
		}
	})
}
