package badger

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// leaseTable is the in-memory side of leases: deadlines (never persisted, so
// KeepAlive writes nothing) and which keys each lease carries.
type leaseTable struct {
	mu sync.Mutex
	m  map[store.LeaseID]*lease
}

type lease struct {
	ttl      time.Duration
	deadline time.Time
	keys     map[string]struct{}
}

func newLeaseTable() leaseTable { return leaseTable{m: map[store.LeaseID]*lease{}} }

func (t *leaseTable) add(id store.LeaseID, ttl time.Duration, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m[id] = &lease{ttl: ttl, deadline: now.Add(ttl), keys: map[string]struct{}{}}
}

func (t *leaseTable) remove(id store.LeaseID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, id)
}

// renew pushes the deadline of a live lease one TTL ahead.
func (t *leaseTable) renew(id store.LeaseID, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.m[id]
	if !ok || !now.Before(l.deadline) {
		return false
	}
	l.deadline = now.Add(l.ttl)
	return true
}

// expiredAt reports whether id is gone or past its deadline.
func (t *leaseTable) expiredAt(id store.LeaseID, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.m[id]
	return !ok || !now.Before(l.deadline)
}

// checkOps fails when a put names a lease that is unknown or already expired
// (an expired lease may not have been revoked by the loop yet).
func (t *leaseTable) checkOps(ops []store.Op, now time.Time) error {
	for _, op := range ops {
		if op.Type == store.OpPut && op.Lease != 0 && t.expiredAt(op.Lease, now) {
			return fmt.Errorf("put %q with lease %d: %w", op.Key, op.Lease, store.ErrLeaseNotFound)
		}
	}
	return nil
}

// link moves key from lease from to lease to (0: none). It reports false when
// to is not a known lease.
func (t *leaseTable) link(key string, from, to store.LeaseID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if l, ok := t.m[from]; ok {
		delete(l.keys, key)
	}
	if to == 0 {
		return true
	}
	l, ok := t.m[to]
	if ok {
		l.keys[key] = struct{}{}
	}
	return ok
}

// keys lists the keys of a lease in order; false when the lease is unknown.
func (t *leaseTable) keys(id store.LeaseID) ([]string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l, ok := t.m[id]
	if !ok {
		return nil, false
	}
	keys := make([]string, 0, len(l.keys))
	for k := range l.keys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, true
}

// expired lists the leases whose deadline has passed.
func (t *leaseTable) expired(now time.Time) []store.LeaseID {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []store.LeaseID
	for id, l := range t.m {
		if !now.Before(l.deadline) {
			ids = append(ids, id)
		}
	}
	return ids
}
