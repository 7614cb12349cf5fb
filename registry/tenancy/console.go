package tenancy

import (
	"context"
	"slices"

	"github.com/causeway-dev/causeway/registry"
)

// An engine owns its own namespace (named by its id) and the namespaces
// created through its Nacos namespace console (seed 004 §6), which record
// it. All of them count against its limits, and its console lists and
// changes them and no other.

// owner answers the engine that owns namespace, and its flavor: the
// engine the namespace names, or the one recorded on it, while that
// engine exists.
func (e *Engines) owner(namespace string) (id, flavor string, ok bool) {
	if flavor, ok := e.view.flavorOf(namespace); ok {
		return namespace, flavor, true
	}
	r, ok := e.ns.view.get(namespace)
	if !ok || r.Engine == "" {
		return "", "", false
	}
	flavor, ok = e.view.flavorOf(r.Engine)
	return r.Engine, flavor, ok
}

// namespacesOf answers every namespace of an engine, its own first.
func (e *Engines) namespacesOf(id string) []string {
	return append([]string{id}, e.ns.view.ownedBy(id)...)
}

// Console is the §6 namespace console of one engine.
type Console struct {
	e      *Engines
	engine string
}

// Console answers the namespace console of an engine of project; an
// unknown engine is the engine_id not-found error.
func (e *Engines) Console(project, id string) (*Console, error) {
	if _, err := e.Get(project, id); err != nil {
		return nil, err
	}
	return &Console{e: e, engine: id}, nil
}

func (c *Console) owns(id string) bool {
	owner, _, ok := c.e.owner(id)
	return ok && owner == c.engine
}

// List answers the engine's own namespace, then the ones created through
// its console in creation order. The default namespace is not the
// engine's: the engine's own namespace takes its place.
func (c *Console) List() []Namespace {
	var out []Namespace
	for _, ns := range c.e.ns.List() {
		if ns.ID == c.engine {
			out = slices.Insert(out, 0, ns)
		} else if ns.ID != PublicID && c.owns(ns.ID) {
			out = append(out, ns)
		}
	}
	return out
}

// Get answers one of the engine's namespaces.
func (c *Console) Get(id string) (Namespace, error) {
	if !IsPublic(id) && !c.owns(id) {
		return Namespace{}, notFound(id)
	}
	return c.e.ns.Get(id)
}

// Create adds a namespace that the engine owns.
func (c *Console) Create(ctx context.Context, id, name, desc string) (Namespace, error) {
	return c.e.ns.CreateFor(ctx, c.engine, id, name, desc)
}

// Update renames one of the engine's namespaces other than its own.
func (c *Console) Update(ctx context.Context, id, name, desc string) (Namespace, error) {
	if err := c.changeable(id, "edited"); err != nil {
		return Namespace{}, err
	}
	return c.e.ns.Update(ctx, id, name, desc)
}

// Delete removes one of the engine's namespaces other than its own (the
// engine's Delete job removes that one).
func (c *Console) Delete(ctx context.Context, id string) error {
	if err := c.changeable(id, "deleted"); err != nil {
		return err
	}
	return c.e.ns.Delete(ctx, id)
}

// changeable refuses the engine's own namespace (400, as the default
// namespace) and another's (not found: the console does not see it).
func (c *Console) changeable(id, action string) error {
	switch {
	case IsPublic(id):
		return nil // the namespace service refuses it
	case id == c.engine:
		return registry.FieldErrorf(registry.KindNamespace, "namespaceId",
			"namespaceId [%s] is engine %s's own namespace and can not be %s", id, c.engine, action)
	case !c.owns(id):
		return notFound(id)
	}
	return nil
}
