package badger

import (
	"context"
	"fmt"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// Grant creates a lease that expires after ttl unless kept alive. The record
// is fsynced before Grant returns.
func (e *Engine) Grant(ctx context.Context, ttl time.Duration) (store.LeaseID, error) {
	if err := e.enter(); err != nil {
		return 0, err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if ttl <= 0 {
		return 0, fmt.Errorf("%w: lease ttl %v must be positive", store.ErrInvalid, ttl)
	}
	j := &job{kind: jobGrant, ttl: ttl}
	e.submit(j)
	return j.id, j.err
}

// KeepAlive renews a lease for another full TTL, in memory only.
func (e *Engine) KeepAlive(ctx context.Context, id store.LeaseID) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return err
	}
	if !e.leases.renew(id, time.Now()) {
		return fmt.Errorf("keepalive lease %d: %w", id, store.ErrLeaseNotFound)
	}
	return nil
}

// Revoke ends a lease now and deletes its keys in one transaction.
func (e *Engine) Revoke(ctx context.Context, id store.LeaseID) error {
	if err := e.enter(); err != nil {
		return err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &job{kind: jobRevoke, lease: id}
	e.submit(j)
	return j.err
}

// applyGrant persists a new lease; ids come from a persisted counter so
// they are never reused, even across restarts.
func (e *Engine) applyGrant(j *job) {
	w := e.newWrite()
	id := e.lastLease + 1
	err := w.btx.Set(leaseKey(id), encodeTTL(j.ttl))
	if err == nil {
		err = w.btx.Set(metaLeaseNext, encodeInt(int64(id)))
	}
	if err != nil {
		w.discard()
		j.err = mapErr("grant", err)
		settle([]*job{j})
		return
	}
	j.id, j.wrote = id, true
	j.onCommit = func() {
		e.lastLease = id
		e.leases.add(id, j.ttl, time.Now())
	}
	e.finish(w, []*job{j})
}

// applyRevoke deletes a lease record and the keys still attached to it. For
// an expiry it first checks the lease was not renewed since the loop looked.
func (e *Engine) applyRevoke(j *job) {
	keys, ok := e.leases.keys(j.lease)
	switch {
	case !ok:
		j.err = fmt.Errorf("revoke lease %d: %w", j.lease, store.ErrLeaseNotFound)
	case j.kind == jobExpire && !e.leases.expiredAt(j.lease, time.Now()):
	default:
		w := e.newWrite()
		if err := w.revoke(j, keys); err != nil {
			w.discard()
			j.reset()
			j.err = mapErr("revoke", err)
			break
		}
		e.finish(w, []*job{j})
		return
	}
	settle([]*job{j})
}

func (w *write) revoke(j *job, keys []string) error {
	p := newPlan(w)
	for _, k := range keys {
		kv, err := p.get(k)
		if err != nil {
			return err
		}
		if kv != nil && kv.Lease == j.lease { // the index is only a hint
			if err := p.del(k); err != nil {
				return err
			}
		}
	}
	if err := w.btx.Delete(leaseKey(j.lease)); err != nil {
		return err
	}
	id := j.lease
	if err := p.stage(j); err != nil {
		return err
	}
	j.wrote = true
	j.onCommit = func() { w.e.leases.remove(id) }
	return nil
}
