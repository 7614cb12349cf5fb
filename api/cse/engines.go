package cse

import (
	"context"

	"github.com/causeway-dev/causeway/registry/tenancy"
)

// Namespaces is what the Nacos namespace console (seed 004 §6) does with
// the namespaces of one engine. *tenancy.Service is one: the namespaces
// that Nacos v1, v2 and v3 list.
type Namespaces interface {
	List() []tenancy.Namespace
	Get(id string) (tenancy.Namespace, error)
	Create(ctx context.Context, id, name, desc string) (tenancy.Namespace, error)
	Update(ctx context.Context, id, name, desc string) (tenancy.Namespace, error)
	Delete(ctx context.Context, id string) error
}

// EngineNamespaces answers the namespaces of engine (the x-engine-id
// header) in project. It is the one place where engines (seed 004 §5.3,
// issue 21) scope the §6 routes: an implementation that knows engines
// answers an engine's own namespaces, and an unknown engine as an error
// the dialect's table maps (codes in errors.go).
type EngineNamespaces func(ctx context.Context, project, engine string) (Namespaces, error)

// everyNamespace is the EngineNamespaces of a Causeway without engines:
// every engine of every project holds every namespace.
func everyNamespace(svc *tenancy.Service) EngineNamespaces {
	return func(context.Context, string, string) (Namespaces, error) { return svc, nil }
}
