package governance

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// PolicyInput is a rule as a client writes it.
type PolicyInput struct {
	Name   string
	Status string // enabled (default) or disabled
	// Selector scopes the rule. On update, nil keeps the current one; on
	// create it is the zero selector (the empty environment, any app).
	Selector *Selector
	Spec     json.RawMessage
}

// build checks in and answers the rule it describes (no id yet). On
// update, cur fills what in leaves out: the status, name and selector.
func build(project string, kind Kind, in PolicyInput, cur *Policy) (*Policy, error) {
	if err := validateProject(project); err != nil {
		return nil, err
	}
	if err := validateKind(kind); err != nil {
		return nil, err
	}
	p := &Policy{Project: project, Kind: kind, Name: in.Name, Status: in.Status, Spec: in.Spec}
	if in.Selector != nil {
		p.Selector = *in.Selector
	}
	if cur != nil {
		if p.Name == "" {
			p.Name = cur.Name
		}
		if p.Status == "" {
			p.Status = cur.Status
		}
		if in.Selector == nil {
			p.Selector = cur.Selector
		}
		if in.Spec == nil {
			p.Spec = cur.Spec
		}
	}
	if err := validateName(p.Name); err != nil {
		return nil, err
	}
	var err error
	if p.Status, err = normalizeStatus(p.Status); err != nil {
		return nil, err
	}
	if err := validateSelector(p.Selector); err != nil {
		return nil, err
	}
	if p.Parsed, err = ParseSpec(kind, p.Spec); err != nil {
		return nil, err
	}
	return p, nil
}

// encodePolicy answers the stored form of p: its JSON, the spec compacted.
func encodePolicy(p *Policy) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "encode rule: %v", err)
	}
	return b, nil
}

// CreatePolicy stores a new rule of kind under a random id and answers it.
// Its name must be new for the project, kind and selector.
func (r *Registry) CreatePolicy(ctx context.Context, project string, kind Kind, in PolicyInput) (*Policy, error) {
	p, err := build(project, kind, in, nil)
	if err != nil {
		return nil, err
	}
	p.ID = registry.NewID()
	val, err := encodePolicy(p)
	if err != nil {
		return nil, err
	}
	k := policyKey{Project: project, Kind: kind, ID: p.ID}
	key, name := policyStoreKey(k), nameStoreKey(project, kind, p.Selector, p.Name)
	ok, err := r.commit(ctx, []store.Cmp{store.Absent(name), store.Absent(key)},
		store.Put(key, val), store.Put(name, []byte(p.ID)))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, nameTaken(kind, p.Name, p.Selector)
	}
	if stored := r.view.policy(k); stored != nil {
		return stored, nil
	}
	return p, nil // deleted meanwhile: answer what was written
}

// UpdatePolicy replaces a rule; what in leaves out (status, name,
// selector, spec) stays as it was.
func (r *Registry) UpdatePolicy(ctx context.Context, project string, kind Kind, id string, in PolicyInput) (*Policy, error) {
	if err := validateProject(project); err != nil {
		return nil, err
	}
	if err := validateKind(kind); err != nil {
		return nil, err
	}
	k := policyKey{Project: project, Kind: kind, ID: id}
	key := policyStoreKey(k)
	for range maxAttempts {
		cur := r.view.policy(k)
		if cur == nil {
			return nil, policyNotFound(k)
		}
		p, err := build(project, kind, in, cur)
		if err != nil {
			return nil, err
		}
		p.ID = id
		val, err := encodePolicy(p)
		if err != nil {
			return nil, err
		}
		guards := []store.Cmp{store.Unchanged(key, cur.Revision)}
		ops := []store.Op{store.Put(key, val)}
		oldName, newName := nameStoreKey(project, kind, cur.Selector, cur.Name), nameStoreKey(project, kind, p.Selector, p.Name)
		if newName != oldName {
			guards = append(guards, store.Absent(newName))
			ops = append(ops, store.Delete(oldName), store.Put(newName, []byte(id)))
		}
		ok, err := r.commit(ctx, guards, ops...)
		if err != nil {
			return nil, err
		}
		if ok {
			if stored := r.view.policy(k); stored != nil {
				return stored, nil
			}
			return nil, policyNotFound(k)
		}
		if newName != oldName {
			if taken, err := r.claimed(ctx, newName); err != nil || taken {
				if err != nil {
					return nil, err
				}
				return nil, nameTaken(kind, p.Name, p.Selector)
			}
		}
	}
	return nil, errBusy("update rule")
}

// claimed tells whether a name record exists.
func (r *Registry) claimed(ctx context.Context, nameKey string) (bool, error) {
	_, err := r.st.Get(ctx, nameKey)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	}
	return false, registry.Errorf(registry.KindInternal, "store: %v", err)
}

// DeletePolicy removes a rule and frees its name.
func (r *Registry) DeletePolicy(ctx context.Context, project string, kind Kind, id string) error {
	if err := validateProject(project); err != nil {
		return err
	}
	if err := validateKind(kind); err != nil {
		return err
	}
	k := policyKey{Project: project, Kind: kind, ID: id}
	key := policyStoreKey(k)
	for range maxAttempts {
		cur := r.view.policy(k)
		if cur == nil {
			return policyNotFound(k)
		}
		ok, err := r.commit(ctx, []store.Cmp{store.Unchanged(key, cur.Revision)},
			store.Delete(key), store.Delete(nameStoreKey(project, kind, cur.Selector, cur.Name)))
		if err != nil || ok {
			return err
		}
	}
	return errBusy("delete rule")
}

// GetPolicy answers a rule.
func (r *Registry) GetPolicy(project string, kind Kind, id string) (*Policy, error) {
	if err := validateProject(project); err != nil {
		return nil, err
	}
	if err := validateKind(kind); err != nil {
		return nil, err
	}
	k := policyKey{Project: project, Kind: kind, ID: id}
	p := r.view.policy(k)
	if p == nil {
		return nil, policyNotFound(k)
	}
	return p, nil
}

// ListPolicies answers the rules of kind in project, in creation order,
// whose selector is of environment ("all" for any) and covers app (""
// for any; a selector without app covers every app).
func (r *Registry) ListPolicies(project string, kind Kind, environment, app string) []*Policy {
	return r.view.project(project, func(p *Policy) bool {
		return p.Kind == kind && inScope(p.Selector, environment, app)
	})
}

// AllEnvironments is the environment filter that takes in every
// environment.
const AllEnvironments = "all"

// inScope tells whether a selector passes an environment and app filter.
func inScope(sel Selector, environment, app string) bool {
	return (environment == AllEnvironments || sel.Environment == environment) &&
		(app == "" || sel.App == "" || sel.App == app)
}
