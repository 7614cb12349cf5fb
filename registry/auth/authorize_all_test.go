package auth

import (
	"context"
	"errors"
	"testing"
)

// AuthorizeAll allows a batch only when every resource is allowed, and
// agrees with Authorize on each one.
func TestAuthorizeAll(t *testing.T) {
	s, _, _ := booted(t)
	ctx := context.Background()
	id := withRole(t, s, "dev", "role-dev", "dev:*:*", "rw", ":G1:config/*", "r")
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
