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
// header) in project: the one place where engines (seed 004 §5.3) scope
// the §6 routes.
type EngineNamespaces func(ctx context.Context, project, engine string) (Namespaces, error)

// engineConsole scopes the console to an engine's namespaces: its own
// and those created through it; an unknown engine is 400 SVCSTG.00501116.
func engineConsole(engines *tenancy.Engines) EngineNamespaces {
	return func(_ context.Context, project, engine string) (Namespaces, error) {
		return engines.Console(project, engine)
	}
}

// everyNamespace is the EngineNamespaces of a Causeway without engines:
// every engine of every project holds every namespace.
func everyNamespace(svc *tenancy.Service) EngineNamespaces {
	return func(context.Context, string, string) (Namespaces, error) { return svc, nil }
}
