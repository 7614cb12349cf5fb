package servicecomb

import (
	"context"
	"maps"
	"slices"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// updateRecord stores change applied to a copy of a microservice's record,
// retried while another write wins the race. change gets its own copies of
// the tags and rules (the view's record is shared) and may refuse the
// change: then nothing is written.
func (r *Registry) updateRecord(ctx context.Context, project, id, what string, change func(*record) error) error {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur := r.view.service(project, id)
		if cur == nil {
			return serviceNotFound(id)
		}
		next := *cur.rec
		next.Tags = maps.Clone(cur.rec.Tags)
		next.Rules = slices.Clone(cur.rec.Rules)
		if err := change(&next); err != nil {
			return err
		}
		key := serviceKey(project, id)
		ok, err := r.commit(ctx, what, []store.Cmp{store.Unchanged(key, cur.revision)}, store.Put(key, mustJSON(&next)))
		if err != nil || ok {
			return err
		}
	}
	return registry.Conflict(what)
}
