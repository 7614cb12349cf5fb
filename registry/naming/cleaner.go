package naming

import (
	"context"

	"github.com/causeway-dev/causeway/registry/store"
)

// cleanEmptyServices removes implicit services that have had no instances
// for EmptyServiceTTL. Only the check loop calls it, so r.empty needs no lock.
func (r *Registry) cleanEmptyServices(ctx context.Context) {
	now := r.opts.Now()
	var expired []*Service
	seen := map[ServiceKey]bool{}
	r.idx.mu.RLock()
	for k, e := range r.idx.services {
		if e.svc == nil || !e.svc.Implicit || len(e.instances) > 0 || !r.ownsService(k) {
			continue
		}
		seen[k] = true
		since, ok := r.empty[k]
		if !ok {
			r.empty[k] = now
		} else if now.Sub(since) >= r.opts.EmptyServiceTTL {
			expired = append(expired, e.svc)
		}
	}
	r.idx.mu.RUnlock()
	for k := range r.empty {
		if !seen[k] {
			delete(r.empty, k)
		}
	}
	for _, s := range expired {
		r.removeEmpty(ctx, s)
	}
}

// removeEmpty deletes an implicit service guarded on its record; a
// registration that races it re-creates the service (its own guard fails).
func (r *Registry) removeEmpty(ctx context.Context, s *Service) {
	key := serviceStoreKey(s.Key)
	_, err := r.commit(ctx, store.Txn{
		If:   []store.Cmp{store.Unchanged(key, s.Revision)},
		Then: []store.Op{store.Delete(key)},
	})
	if err != nil && ctx.Err() == nil {
		r.log.Warn("remove empty service", "service", s.Key.String(), "err", err)
		return
	}
	delete(r.empty, s.Key)
	r.log.Info("removed empty service", "service", s.Key.String())
}
