package servicecomb

import (
	"context"
	"sort"

	"github.com/causeway-dev/causeway/registry/store"
)

// recordDependency stores, on a consumer's first find of an app and name,
// that it depends on them. Finds of consumers that are not microservices
// record nothing.
func (r *Registry) recordDependency(ctx context.Context, q FindQuery) error {
	if q.ConsumerID == "" || r.view.service(q.Project, q.ConsumerID) == nil {
		return nil
	}
	d := dependency{Consumer: q.ConsumerID, Environment: q.Env, AppID: q.AppID, ServiceName: q.ServiceName}
	if r.view.hasDependency(q.Project, d) {
		return nil
	}
	_, err := r.commit(ctx, "record dependency", nil, store.Put(depKey(q.Project, d), mustJSON(&d)))
	return err
}

// Providers answers the microservices a consumer depends on, in creation
// order.
func (r *Registry) Providers(project, consumerID string) ([]*Microservice, error) {
	if r.view.service(project, consumerID) == nil {
		return nil, serviceNotFound(consumerID)
	}
	var found []*service
	for _, d := range r.view.dependencies(project, consumerID) {
		found = append(found, r.view.named(nameKey{project, d.Environment, d.AppID, d.ServiceName})...)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].created < found[j].created })
	out := make([]*Microservice, len(found))
	for i, s := range found {
		out[i] = &s.rec.Service
	}
	return out, nil
}
