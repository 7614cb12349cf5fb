package auth

import (
	"context"
	"errors"
	"testing"
)

// userWith answers the identity of a new user whose one role holds perms.
func userWith(t testing.TB, s *Service, name string, perms map[string]Action) *Identity {
	t.Helper()
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, name, "S3cret-pw-long", false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole(ctx, "role-"+name, name); err != nil {
		t.Fatal(err)
	}
	for res, act := range perms {
		if err := s.AddPermission(ctx, "role-"+name, res, act); err != nil {
			t.Fatal(err)
		}
	}
	id, err := s.CheckPassword(ctx, name, "S3cret-pw-long")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AuthorizeAll allows a batch only when every resource is allowed, and
// agrees with Authorize on each one.
func TestAuthorizeAll(t *testing.T) {
	s, _, _ := booted(t)
	ctx := context.Background()
	id := userWith(t, s, "dev", map[string]Action{"dev:*:*": ReadWrite, ":G1:config/*": Read})
	dev := Resource{Namespace: "dev", Group: "G", Type: TypeConfig, Name: "a"}
	pubG1 := Resource{Namespace: "public", Group: "G1", Type: TypeConfig, Name: "a"}
	pubG2 := Resource{Namespace: "", Group: "G2", Type: TypeConfig, Name: "a"}
	for _, c := range []struct {
		res  []Resource
		act  Action
		want error
	}{
		{nil, Read, nil},
		{[]Resource{dev}, Write, nil},
		{[]Resource{dev, pubG1}, Read, nil},
		{[]Resource{dev, pubG1}, Write, ErrForbidden},
		{[]Resource{dev, pubG2}, Read, ErrForbidden},
	} {
		if err := s.AuthorizeAll(ctx, id, c.res, c.act); !errors.Is(err, c.want) {
			t.Errorf("%v %s: %v, want %v", c.res, c.act, err, c.want)
		}
		for _, r := range c.res {
			one := s.Authorize(ctx, id, r, c.act)
			all := s.AuthorizeAll(ctx, id, []Resource{r}, c.act)
			if !errors.Is(one, all) { // nil is nil too
				t.Errorf("%v %s: Authorize %v, AuthorizeAll %v", r, c.act, one, all)
			}
		}
	}
	if err := s.AuthorizeAll(ctx, nil, nil, Read); !errors.Is(err, ErrForbidden) {
		t.Errorf("no identity: %v", err)
	}
}
