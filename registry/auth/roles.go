package auth

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// GlobalAdminRole is Nacos's role of global admins. Causeway keeps it as
// the user's GlobalAdmin flag and lists it as a binding: it cannot be
// granted or taken away through the role API, so an installation never
// loses its last admin.
const GlobalAdminRole = "ROLE_ADMIN"

// MaxRoleLen is the role column of Nacos's roles table.
const MaxRoleLen = 50

// RoleBinding is one (role, user) pair, Nacos's RoleInfo. A role exists
// while it is bound to a user.
type RoleBinding struct {
	Role     string
	Username string
}

// AddRole binds a role to a user, with Nacos's refusals and texts.
func (s *Service) AddRole(ctx context.Context, role, username string) error {
	if err := validateRole(role); err != nil {
		return err
	}
	if role == GlobalAdminRole {
		return registry.FieldErrorf(registry.KindInvalid, "role", "role '%s' is not permitted to create!", GlobalAdminRole)
	}
	err := s.updateUser(ctx, username, func(rec *record) error {
		if slices.Contains(rec.Roles, role) {
			return registry.FieldErrorf(registry.KindConflict, "role", "user '%s' already bound to the role '%s'!", username, role)
		}
		rec.Roles = append(rec.Roles, role)
		return nil
	})
	if registry.KindOf(err) == registry.KindNotFound {
		return registry.FieldErrorf(registry.KindNotFound, "username", "user '%s' not found!", username)
	}
	return err
}

// DeleteRole unbinds a role from a user, or from every user when username
// is empty; the latter deletes the role, and its permissions with it
// (Nacos keeps them, and a role created again under the name would
// inherit them). Unbinding what is not bound is not an error.
func (s *Service) DeleteRole(ctx context.Context, role, username string) error {
	if role == GlobalAdminRole {
		return registry.FieldErrorf(registry.KindInvalid, "role", "role '%s' cannot be deleted", GlobalAdminRole)
	}
	if username != "" {
		err := s.updateUser(ctx, username, func(rec *record) error {
			rec.Roles = slices.DeleteFunc(rec.Roles, func(r string) bool { return r == role })
			return nil
		})
		if registry.KindOf(err) == registry.KindNotFound {
			return nil
		}
		return err
	}
	bound, err := s.ListRoles(ctx, "", role, false)
	if err != nil {
		return err
	}
	for _, b := range bound {
		if err := s.DeleteRole(ctx, role, b.Username); err != nil {
			return err
		}
	}
	_, err = s.st.Commit(ctx, store.Txn{Then: []store.Op{store.Delete(permissionsKey(role))}})
	return err
}

// ListRoles answers the bindings whose username and role match (MatchName),
// by username then role.
func (s *Service) ListRoles(ctx context.Context, username, role string, blur bool) ([]RoleBinding, error) {
	users, err := s.listRecords(ctx)
	if err != nil {
		return nil, err
	}
	var out []RoleBinding
	for _, rec := range users {
		if !MatchName(rec.Username, username, blur) {
			continue
		}
		for _, r := range rec.roles() {
			if MatchName(r, role, blur) {
				out = append(out, RoleBinding{Role: r, Username: rec.Username})
			}
		}
	}
	return out, nil
}

// SearchRoles answers the role names containing part, each once, sorted
// (Nacos's findRolesLikeRoleName).
func (s *Service) SearchRoles(ctx context.Context, part string) ([]string, error) {
	bound, err := s.ListRoles(ctx, "", part, true)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(bound))
	for _, b := range bound {
		names = append(names, b.Role)
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

func (s *Service) roleExists(ctx context.Context, role string) (bool, error) {
	bound, err := s.ListRoles(ctx, "", role, false)
	return len(bound) > 0, err
}

// roles answers the user's roles as Nacos lists them, ROLE_ADMIN first
// for a global admin.
func (r *record) roles() []string {
	if !r.GlobalAdmin {
		return r.Roles
	}
	return append([]string{GlobalAdminRole}, r.Roles...)
}

func validateRole(role string) error {
	switch {
	case strings.TrimSpace(role) == "":
		return registry.FieldErrorf(registry.KindInvalid, "role", "role is blank")
	case !utf8.ValidString(role) || strings.IndexFunc(role, unicode.IsControl) >= 0 || strings.TrimSpace(role) != role:
		return registry.FieldErrorf(registry.KindInvalid, "role", "role contains illegal characters")
	case utf8.RuneCountInString(role) > MaxRoleLen:
		return registry.FieldErrorf(registry.KindInvalid, "role", "role must not exceed %d characters", MaxRoleLen)
	}
	return nil
}
