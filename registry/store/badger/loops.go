package badger

import (
	"context"
	"errors"
	"time"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// leaseTick is how often expired leases are looked for; a lease outlives its
// TTL by at most this much.
const leaseTick = 200 * time.Millisecond

// leaseLoop revokes expired leases, one transaction per lease.
func (e *Engine) leaseLoop(ctx context.Context) {
	defer e.loops.Done()
	t := time.NewTicker(leaseTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, id := range e.leases.expired(now) {
				if ctx.Err() != nil {
					return
				}
				if err := e.expire(id); err != nil {
					e.log.Warn("badger engine: revoking expired lease", "lease", id, "err", err)
				}
			}
		}
	}
}

func (e *Engine) expire(id store.LeaseID) error {
	if err := e.enter(); err != nil {
		return nil // closing
	}
	defer e.exit()
	j := &job{kind: jobExpire, lease: id}
	e.submit(j)
	if errors.Is(j.err, store.ErrLeaseNotFound) {
		return nil // revoked meanwhile
	}
	return j.err
}

// gcLoop reclaims value log space. Values below 1 MiB live in the LSM tree,
// so there is rarely anything to do.
func (e *Engine) gcLoop(ctx context.Context) {
	defer e.loops.Done()
	t := time.NewTicker(e.opts.GCInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			e.collect(ctx)
		}
	}
}

// collect runs GC rounds while they reclaim something, as Badger advises,
// with a bound so a huge backlog does not hold the writer for long.
func (e *Engine) collect(ctx context.Context) {
	for range 10 {
		if ctx.Err() != nil || e.enter() != nil {
			return
		}
		j := &job{kind: jobGC}
		e.submit(j)
		e.exit()
		if j.err != nil {
			if !errors.Is(j.err, bdg.ErrNoRewrite) && !errors.Is(j.err, bdg.ErrRejected) {
				e.log.Warn("badger engine: value log GC", "err", j.err)
			}
			return
		}
	}
}

// applyGC runs in the committer so that no GC rewrite lands between a
// commit and its fsync.
func (e *Engine) applyGC(j *job) {
	j.err = e.db.RunValueLogGC(0.5)
	settle([]*job{j})
}
