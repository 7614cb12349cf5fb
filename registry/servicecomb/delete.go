package servicecomb

import (
	"context"
	"strings"
	"unicode"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// DeleteService deletes a microservice with its schemas and the
// dependencies it recorded. Without force it refuses one that has
// instances (KindServiceHasInstances) or that is the last version other
// microservices depend on (KindServiceHasConsumers); with force it
// deregisters the instances and drops those dependencies too.
func (r *Registry) DeleteService(ctx context.Context, project, id string, force bool) error {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.service(project, id)
		if cur == nil {
			return serviceNotFound(id)
		}
		instances := r.instancesOf(project, id)
		consumers := r.lastVersionConsumers(project, cur)
		if !force {
			if len(instances) > 0 {
				return registry.Errorf(registry.KindServiceHasInstances, "Micro-service has deployed instance(s): %s", id)
			}
			if len(consumers) > 0 {
				return registry.Errorf(registry.KindServiceHasConsumers,
					"Consumer(s) depends on this micro-service: %s", strings.Join(consumers, ", "))
			}
		}
		for _, in := range instances {
			if err := r.naming.Deregister(ctx, in.Ref()); err != nil {
				return err
			}
		}
		key := serviceKey(project, id)
		ops := []store.Op{store.Delete(key), store.DeletePrefix(schemasOf(project, id)), store.DeletePrefix(depsOf(project, id))}
		for _, c := range consumers {
			s := &cur.rec.Service
			ops = append(ops, store.Delete(depKey(project, dependency{Consumer: c, Environment: s.Environment, AppID: s.AppID, ServiceName: s.ServiceName})))
		}
		ok, err := r.commit(ctx, "delete microservice", []store.Cmp{store.Unchanged(key, cur.revision)}, ops...)
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict("delete microservice")
}

// lastVersionConsumers answers who depends on the microservice's app and
// name when it is the last version of them: deleting it would leave them
// without a provider.
func (r *Registry) lastVersionConsumers(project string, s *service) []string {
	k := nameOf(project, &s.rec.Service)
	if len(r.view.named(k)) > 1 {
		return nil
	}
	return r.view.consumersOf(k)
}

// DeleteResult is one microservice of a batch delete: Err is why it was
// not deleted, nil when it was.
type DeleteResult struct {
	ServiceID string
	Err       error
}

// DeleteServices deletes several microservices, each as DeleteService
// would; one that cannot be deleted does not stop the others. An id given
// twice is deleted and answered once, as in service-center.
func (r *Registry) DeleteServices(ctx context.Context, project string, ids []string, force bool) ([]DeleteResult, error) {
	if len(ids) == 0 {
		return nil, invalid("serviceIds", "serviceIds is required")
	}
	if len(ids) > 100 {
		return nil, invalid("serviceIds", "at most 100 serviceIds at once")
	}
	for _, id := range ids {
		if id == "" || len(id) > 64 || strings.ContainsFunc(id, unicode.IsSpace) {
			return nil, invalid("serviceIds", "serviceId %q is not 1 to 64 non-space characters", id)
		}
	}
	seen := make(map[string]bool, len(ids))
	out := make([]DeleteResult, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		err := r.DeleteService(ctx, project, id, force)
		if err != nil && ctx.Err() != nil {
			return nil, err
		}
		out = append(out, DeleteResult{ServiceID: id, Err: err})
	}
	return out, nil
}
