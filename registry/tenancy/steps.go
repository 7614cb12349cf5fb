package tenancy

import (
	"context"
	"fmt"
	"slices"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store"
)

// step does one step of a job. Every step may run again after a crash or
// a retry, so each accepts finding its work done.
func (e *Engines) step(ctx context.Context, j *Job, name string) error {
	en, ok := e.view.get(j.EngineID)
	if !ok {
		if j.Type == JobDelete {
			return nil // deleted before the job could record it
		}
		return engineNotFound(j.EngineID)
	}
	switch name {
	case stepNamespace:
		_, err := e.ns.Create(ctx, en.Namespace(), en.Name, "CSE engine "+en.Name+" of project "+en.Project)
		if registry.KindOf(err) == registry.KindNamespaceExists {
			return nil
		}
		return err
	case stepIdentity:
		if en.AuthType != AuthRBAC {
			return nil
		}
		return e.ensureIdentity(ctx, en, j.Params)
	case stepLimits:
		return e.updateEngine(ctx, en.ID, func(s *Engine) { applyResize(s, j.Params) })
	case stepAuth:
		return e.configureAuth(ctx, en, j.Params)
	case stepVersion:
		return e.updateEngine(ctx, en.ID, func(s *Engine) { s.Version = j.Params.Version })
	case stepDropIdentity:
		return e.dropIdentity(ctx, en)
	case stepDropNS:
		return e.dropNamespaces(ctx, en)
	case stepDropEngine:
		return e.dropEngine(ctx, en)
	}
	return fmt.Errorf("unknown step %q", name)
}

func applyResize(en *Engine, p JobParams) {
	if p.Flavor != "" {
		en.Flavor = p.Flavor
	}
	if len(p.Inputs) > 0 && en.Inputs == nil {
		en.Inputs = map[string]string{}
	}
	for k, v := range p.Inputs {
		en.Inputs[k] = v
	}
}

// ensureIdentity creates the engine's user, binds its role and grants the
// role the engine's namespace for every resource type. A user of that
// name is the engine's only when it holds the engine's role: a crash
// between creating and binding it leaves the job failed, for an admin to
// look at.
func (e *Engines) ensureIdentity(ctx context.Context, en *Engine, p JobParams) error {
	user, role := en.Username(), en.role()
	var err error
	if p.PasswordHash != "" {
		_, err = e.users.CreateUserHashed(ctx, user, p.PasswordHash, false)
	} else {
		_, err = e.users.CreateUser(ctx, user, p.Password, false)
	}
	if registry.KindOf(err) == registry.KindConflict {
		bound, lerr := e.users.ListRoles(ctx, user, role, false)
		if lerr != nil {
			return lerr
		}
		if !slices.ContainsFunc(bound, func(b auth.RoleBinding) bool { return b.Role == role }) {
			return fmt.Errorf("user %s exists and is not engine %s's", user, en.ID)
		}
	} else if err != nil {
		return err
	}
	if err := e.users.AddRole(ctx, role, user); err != nil && registry.KindOf(err) != registry.KindConflict {
		return err
	}
	err = e.users.AddPermission(ctx, role, en.Namespace()+":*:*", auth.ReadWrite)
	if err != nil && registry.KindOf(err) != registry.KindConflict {
		return err
	}
	return nil
}

// dropIdentity removes the engine's role and its user, when the user is
// the engine's (holds its role); a user of that name made by someone else
// stays.
func (e *Engines) dropIdentity(ctx context.Context, en *Engine) error {
	bound, err := e.users.ListRoles(ctx, en.Username(), en.role(), false)
	if err != nil && registry.KindOf(err) != registry.KindNotFound {
		return err
	}
	if err := e.users.DeleteRole(ctx, en.role(), ""); err != nil && registry.KindOf(err) != registry.KindNotFound {
		return err
	}
	if !slices.ContainsFunc(bound, func(b auth.RoleBinding) bool { return b.Username == en.Username() }) {
		return nil
	}
	if err := e.users.DeleteUser(ctx, en.Username()); err != nil && registry.KindOf(err) != registry.KindNotFound {
		return err
	}
	return nil
}

func (e *Engines) configureAuth(ctx context.Context, en *Engine, p JobParams) error {
	if p.AuthType == AuthRBAC && en.AuthType != AuthRBAC {
		if err := e.ensureIdentity(ctx, en, p); err != nil {
			return err
		}
	}
	if p.AuthType == AuthNone {
		if err := e.dropIdentity(ctx, en); err != nil {
			return err
		}
	}
	return e.updateEngine(ctx, en.ID, func(s *Engine) { s.AuthType = p.AuthType })
}

// dropNamespaces removes the engine's namespaces: the ones its console
// made, then its own. What they hold stays, as Nacos keeps a deleted
// namespace's data.
func (e *Engines) dropNamespaces(ctx context.Context, en *Engine) error {
	ids := e.namespacesOf(en.ID)
	slices.Reverse(ids)
	for _, id := range ids {
		if err := e.ns.Delete(ctx, id); err != nil && registry.KindOf(err) != registry.KindNamespaceNotFound {
			return err
		}
	}
	return nil
}

// dropEngine removes the engine and frees its name.
func (e *Engines) dropEngine(ctx context.Context, en *Engine) error {
	res, err := e.st.Commit(ctx, store.Txn{Then: []store.Op{store.Delete(engineKey(en.ID)), store.Delete(nameKey(en.Name))},
		Durability: store.Sync})
	if err != nil {
		return fmt.Errorf("delete engine %s: %w", en.ID, err)
	}
	e.view.waitFor(ctx, res.Revision)
	return nil
}
