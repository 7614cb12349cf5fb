package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// permissionsPrefix holds one record per role: the list of its grants.
const permissionsPrefix = Prefix + "permissions/"

// MaxResourceLen is the resource column of Nacos's permissions table.
const MaxResourceLen = 128

func permissionsKey(role string) string { return permissionsPrefix + url.PathEscape(role) }

// grant is one permission as stored under its role.
type grant struct {
	Resource string `json:"resource"`
	Action   Action `json:"action"`
}

// Permission is one grant of a role, as Nacos lists them.
type Permission struct {
	Role     string
	Resource string
	Action   Action
}

// AddPermission grants a role an action on a resource pattern
// ("<namespace>:<group>:<type>[/<name>]", '*' a wildcard). The role must
// exist (be bound to a user), as in Nacos. Unlike Nacos, the resource must
// have its three parts and the action be r, w or rw: anything else would
// be stored and never match.
func (s *Service) AddPermission(ctx context.Context, role, resource string, action Action) error {
	if err := validatePermission(role, resource, action); err != nil {
		return err
	}
	exists, err := s.roleExists(ctx, role)
	if err != nil {
		return err
	}
	if !exists {
		return registry.FieldErrorf(registry.KindNotFound, "role", "role %s not found!", role)
	}
	return s.updateGrants(ctx, role, func(gs []grant) ([]grant, error) {
		if slices.Contains(gs, grant{resource, action}) {
			return nil, registry.FieldErrorf(registry.KindConflict, "resource",
				"permission already exist: role %s, resource %s, action %s", role, resource, action)
		}
		return append(gs, grant{resource, action}), nil
	})
}

// DeletePermission removes one grant; a missing one is not an error, as in
// Nacos.
func (s *Service) DeletePermission(ctx context.Context, role, resource string, action Action) error {
	return s.updateGrants(ctx, role, func(gs []grant) ([]grant, error) {
		return slices.DeleteFunc(gs, func(g grant) bool { return g == grant{resource, action} }), nil
	})
}

// ListPermissions answers the grants of roles matching role (every role
// when it is empty; see MatchName for blur), by role, in the order added.
func (s *Service) ListPermissions(ctx context.Context, role string, blur bool) ([]Permission, error) {
	kvs, _, err := s.st.List(ctx, permissionsPrefix)
	if err != nil {
		return nil, fmt.Errorf("list permissions: %w", err)
	}
	var out []Permission
	for _, kv := range kvs {
		name, err := url.PathUnescape(strings.TrimPrefix(kv.Key, permissionsPrefix))
		if err != nil || !MatchName(name, role, blur) {
			continue
		}
		var gs []grant
		if err := json.Unmarshal(kv.Value, &gs); err != nil {
			return nil, fmt.Errorf("decode permissions %s: %w", kv.Key, err)
		}
		for _, g := range gs {
			out = append(out, Permission{Role: name, Resource: g.Resource, Action: g.Action})
		}
	}
	return out, nil
}

// PermissionCovered answers Nacos's isDuplicatePermission: whether the role
// already has this resource with this action or with "rw".
func (s *Service) PermissionCovered(ctx context.Context, role, resource string, action Action) (bool, error) {
	gs, _, err := s.grants(ctx, role)
	if err != nil {
		return false, err
	}
	for _, g := range gs {
		if g.Resource == resource && (g.Action == action || g.Action == ReadWrite) {
			return true, nil
		}
	}
	return false, nil
}

// updateGrants applies edit to a role's grants under a revision guard,
// deleting the record when none is left.
func (s *Service) updateGrants(ctx context.Context, role string, edit func([]grant) ([]grant, error)) error {
	key := permissionsKey(role)
	for range maxAttempts {
		gs, rev, err := s.grants(ctx, role)
		if err != nil {
			return err
		}
		next, err := edit(slices.Clone(gs))
		if err != nil {
			return err
		}
		op := store.Delete(key)
		if len(next) > 0 {
			val, err := json.Marshal(next)
			if err != nil {
				return fmt.Errorf("encode permissions: %w", err)
			}
			op = store.Put(key, val)
		}
		guard := store.Absent(key)
		if rev != 0 {
			guard = store.Unchanged(key, rev)
		}
		res, err := s.st.Commit(ctx, store.Txn{If: []store.Cmp{guard}, Then: []store.Op{op}})
		if err != nil {
			return fmt.Errorf("update permissions of role %q: %w", role, err)
		}
		if res.Succeeded {
			return nil
		}
	}
	return registry.Errorf(registry.KindConflict, "permissions of role %s changed concurrently, retry", role)
}

// grants reads a role's grants and the revision of their record (0 when
// there is none).
func (s *Service) grants(ctx context.Context, role string) ([]grant, int64, error) {
	kv, err := s.st.Get(ctx, permissionsKey(role))
	if errors.Is(err, store.ErrNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read permissions of role %q: %w", role, err)
	}
	var gs []grant
	if err := json.Unmarshal(kv.Value, &gs); err != nil {
		return nil, 0, fmt.Errorf("decode permissions of role %q: %w", role, err)
	}
	return gs, kv.ModRevision, nil
}

func validatePermission(role, resource string, action Action) error {
	if err := validateRole(role); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(resource) == "":
		return registry.FieldErrorf(registry.KindInvalid, "resource", "resource is blank")
	case len(resource) > MaxResourceLen:
		return registry.FieldErrorf(registry.KindInvalid, "resource", "resource must not exceed %d characters", MaxResourceLen)
	case !utf8.ValidString(resource) || strings.IndexFunc(resource, unicode.IsSpace) >= 0:
		return registry.FieldErrorf(registry.KindInvalid, "resource", "resource contains illegal characters")
	case strings.Count(resource, ":") != 2:
		return registry.FieldErrorf(registry.KindInvalid, "resource",
			"resource must be <namespace>:<group>:<type>[/<name>], e.g. public:*:*")
	}
	if action != Read && action != Write && action != ReadWrite {
		return registry.FieldErrorf(registry.KindInvalid, "action", "action must be r, w or rw")
	}
	return nil
}

// MatchName is the search rule of the user, role and permission lists:
// an empty filter matches everything; an exact search matches the name
// alone; a blur search matches names containing the filter, or, when the
// filter has '*', names the filter matches with '*' as any run (Nacos's
// LIKE with '*' as '%').
func MatchName(name, filter string, blur bool) bool {
	switch {
	case filter == "":
		return true
	case !blur:
		return name == filter
	case !strings.Contains(filter, "*"):
		return strings.Contains(name, filter)
	}
	return newGlob(filter).MatchString(name)
}
