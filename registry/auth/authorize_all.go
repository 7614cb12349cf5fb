package auth

import (
	"context"
	"strings"
)

// AuthorizeAll answers nil when id may do act on every resource of res,
// else ErrForbidden: one request that touches many resources (a batch
// listen of configs) is allowed only as a whole. Each role's permissions
// are read once for the whole batch, not once per resource, so a batch of
// thousands costs thousands of pattern matches and one store read a role.
func (s *Service) AuthorizeAll(ctx context.Context, id *Identity, res []Resource, act Action) error {
	if id == nil {
		return ErrForbidden
	}
	if id.GlobalAdmin {
		return nil
	}
	perms := make([]compiled, 0, 8)
	for _, role := range id.Roles {
		got, err := s.compiledPermissions(ctx, role)
		if err != nil {
			return err
		}
		perms = append(perms, got...)
	}
	for _, r := range res {
		if !granted(perms, r.String(), act) {
			return ErrForbidden
		}
	}
	return nil
}

// granted reports whether one of perms grants act on target (a
// Resource.String).
func granted(perms []compiled, target string, act Action) bool {
	for _, p := range perms {
		if strings.Contains(string(p.action), string(act)) && p.pattern.MatchString(target) {
			return true
		}
	}
	return false
}
