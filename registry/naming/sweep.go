package naming

import (
	"context"
	"log/slog"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

func (r *Registry) checkLoop(ctx context.Context) {
	defer r.wg.Done()
	t := time.NewTicker(r.opts.CheckInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.checkOnce(ctx)
			r.cleanEmptyServices(ctx)
			r.subs.expire()
		}
	}
}

// verdictsPerTxn bounds the transactions that remove a connection's
// instances (see connclients.go).
const verdictsPerTxn = 256

// A sweep writes its verdicts in transactions of at most sweepBatch
// instances and sweepBatchBytes of values, or fewer when the store's
// transactions hold fewer (etcd: 128 guards by default): when a whole fleet
// of clients vanishes at once, 10,000 instances go in about ten
// transactions on Badger, each one batch for the change feed, the index and
// xDS, and none too large for the store (instances may carry kilobytes of
// metadata).
const (
	sweepBatch      = 1024
	sweepBatchBytes = 512 << 10
	// sweepAttempts bounds the writes of one batch whose guard failed: each
	// attempt drops the instances that changed and writes the others.
	sweepAttempts = 3
)

type verdict struct {
	key    string
	in     *Instance
	last   int64 // the last beat the sweep judged by
	b      *beat
	remove bool
}

// checkOnce marks silent instances unhealthy and removes dead ones, as
// Nacos's UnhealthyInstanceChecker and ExpiredInstanceChecker do, with each
// instance's preserved.heart.beat.timeout and preserved.ip.delete.timeout.
func (r *Registry) checkOnce(ctx context.Context) {
	if !r.healthCheckEnabled(ctx) {
		return // the healthCheckEnabled switch is off: Nacos then skips beat checks entirely
	}
	h := r.health
	h.sweep.Lock()
	defer h.sweep.Unlock()
	started := time.Now()
	n := h.sweeps.Add(1)
	var todo []verdict
	if n%fullSweepEvery == 1 || r.ownershipMoved() {
		todo = r.judge(n)
		h.forget(n)
	} else {
		todo = r.judgeDue()
	}
	if len(todo) == 0 {
		return
	}
	var sum sweepSummary
	for len(todo) > 0 {
		batch := todo[:r.batchLen(todo)]
		todo = todo[len(batch):]
		r.writeVerdicts(ctx, batch, &sum)
	}
	sum.log(ctx, r.log, time.Since(started))
}

// judge scans the index one service at a time, so that no lock is held
// across the whole registry, and answers what is due. Instances never seen
// beating get a record now, as after a restart.
func (r *Registry) judge(n uint64) []verdict {
	h := r.health
	now := r.opts.Now().UnixNano()
	var todo []verdict
	var unknown []string
	for _, e := range r.idx.entries() {
		unknown = unknown[:0]
		r.idx.mu.RLock()
		h.mu.RLock()
		for key, in := range e.instances {
			if !in.Ephemeral || in.Conn {
				continue // persistent, or alive while its connection is
			}
			b := h.beats[key]
			if b == nil {
				if r.owns(in) {
					unknown = append(unknown, key)
				}
				continue
			}
			b.seen.Store(n)
			if !r.ownedNow(in, b, now) {
				continue
			}
			if v, due := h.judgeOne(key, in, b, now); due {
				todo = append(todo, v)
			}
		}
		h.mu.RUnlock()
		r.idx.mu.RUnlock()
		for _, key := range unknown {
			b := h.touchAt(key, now)
			b.seen.Store(n)
			b.owned = true
		}
	}
	return todo
}

// judgeDue looks at the instances filed for the slots that came due.
func (r *Registry) judgeDue() []verdict {
	h := r.health
	now := r.opts.Now().UnixNano()
	var todo []verdict
	for _, look := range h.due.take(now) {
		h.mu.RLock()
		b := h.beats[look.key]
		h.mu.RUnlock()
		if b == nil || b.look != look.n {
			continue // forgotten, or filed again since
		}
		last := b.last.Load()
		k, ok := serviceOfInstanceKey(look.key)
		var in *Instance
		if ok {
			in = r.idx.instance(k, look.key)
		}
		if in == nil || !in.Ephemeral || in.Conn {
			h.dropGone(look.key, b, last) // gone, or not judged by beats
			continue
		}
		if !r.ownedNow(in, b, now) {
			continue // filed again by the full sweep that follows a move back
		}
		if v, due := h.judgeOne(look.key, in, b, now); due {
			todo = append(todo, v)
		}
	}
	return todo
}

// judgeOne judges one instance by its last beat and files its next look:
// the next sweep when a verdict is due now (to see it applied, or judge
// again if it raced), else when the next verdict can be. Call it under the
// sweep lock.
func (h *health) judgeOne(key string, in *Instance, b *beat, now int64) (verdict, bool) {
	if b.in != in {
		b.in, b.beatTimeout, b.expiry = in, int64(in.BeatTimeout()), int64(in.DeleteTimeout())
	}
	last := b.last.Load()
	switch silent := now - last; {
	case silent > b.expiry:
		h.due.file(key, b, now)
		return verdict{key: key, in: in, last: last, b: b, remove: true}, true
	case silent > b.beatTimeout && in.Healthy:
		h.due.file(key, b, now)
		return verdict{key: key, in: in, last: last, b: b}, true
	}
	next := last + b.expiry
	if in.Healthy {
		next = min(next, last+b.beatTimeout)
	}
	// Past the deadline by less than the comparison above sees: just after.
	h.due.file(key, b, max(next+1, now))
	return verdict{}, false
}

// entries answers the index's services, for a scan that locks one at a time.
func (x *index) entries() []*entry {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]*entry, 0, len(x.services))
	for _, e := range x.services {
		out = append(out, e)
	}
	return out
}

// sweepBatchLen is the most verdicts one transaction carries: one guard
// and one op each.
func (r *Registry) sweepBatchLen() int { return r.lim.Batch(1, 0, sweepBatch) }

// batchLen answers how many of todo the next transaction takes.
func (r *Registry) batchLen(todo []verdict) int {
	most, maxBytes := r.sweepBatchLen(), min(sweepBatchBytes, r.lim.MaxTxnBytes/2)
	size := 0
	for i, v := range todo {
		if i == most {
			return i
		}
		if !v.remove {
			size += v.in.approxSize()
		}
		if size > maxBytes && i > 0 {
			return i
		}
	}
	return len(todo)
}

// approxSize is a bound of an instance's encoding, enough to size batches.
func (i *Instance) approxSize() int {
	n := 512 + len(i.IP) + len(i.Cluster) + len(i.ClientID) + len(i.Service.Name) + len(i.Service.Group) + len(i.Service.Namespace)
	for k, v := range i.Metadata {
		n += len(k) + 2*len(v) + 8 // JSON escapes may double a value
	}
	return n
}

// writeVerdicts writes one batch in a transaction guarded on every instance
// it changes. An instance that beat since it was judged is left out; one
// that was re-registered, changed or removed meanwhile fails the guard, and
// the batch is read again without it. Either way the next sweep judges it
// afresh.
func (r *Registry) writeVerdicts(ctx context.Context, batch []verdict, sum *sweepSummary) {
	for attempt := 0; attempt < sweepAttempts; attempt++ {
		batch = r.stillDue(batch, attempt > 0, sum)
		if len(batch) == 0 {
			return
		}
		txn, err := r.verdictTxn(batch)
		if err != nil {
			r.log.Warn("health sweep: encode instance", "err", err)
			return
		}
		ok, err := r.commit(ctx, txn)
		if err != nil {
			if ctx.Err() == nil {
				r.log.Warn("health sweep: write failed", "instances", len(batch), "err", err)
			}
			return
		}
		if ok {
			r.applied(ctx, batch, sum)
			return
		}
		if err := r.catchUp(ctx); err != nil {
			return
		}
	}
}

// stillDue drops the verdicts whose instance beat since the sweep judged it
// and, after a failed guard (reread), those whose instance is no longer the
// one judged.
func (r *Registry) stillDue(batch []verdict, reread bool, sum *sweepSummary) []verdict {
	out := batch[:0]
	for _, v := range batch {
		if v.b.last.Load() != v.last {
			sum.raced++
			continue
		}
		if reread && r.idx.instance(v.in.Service, v.key) != v.in {
			sum.raced++
			continue
		}
		out = append(out, v)
	}
	return out
}

func (r *Registry) verdictTxn(batch []verdict) (store.Txn, error) {
	txn := store.Txn{Durability: store.Relaxed,
		If: make([]store.Cmp, 0, len(batch)), Then: make([]store.Op, 0, len(batch))}
	now := r.nowMillis()
	for _, v := range batch {
		txn.If = append(txn.If, store.Unchanged(v.key, v.in.Revision))
		if v.remove {
			txn.Then = append(txn.Then, store.Delete(v.key))
			continue
		}
		next := *v.in
		next.Healthy = false
		next.ModifiedAt = now
		val, err := encode(&next)
		if err != nil {
			return txn, err
		}
		txn.Then = append(txn.Then, store.Put(v.key, val))
	}
	return txn, nil
}

// applied counts a written batch, logs each instance at debug level, and
// forgets the beat records of the instances removed.
func (r *Registry) applied(ctx context.Context, batch []verdict, sum *sweepSummary) {
	debug := r.log.Enabled(ctx, slog.LevelDebug)
	for _, v := range batch {
		sum.add(v)
		if debug {
			msg := "instance missed its beats"
			if v.remove {
				msg = "removing instance without beats"
			}
			r.log.Debug(msg, "service", v.in.Service.String(), "instance", v.in.Address(),
				"cluster", v.in.Cluster, "lastBeat", time.Unix(0, v.last).UTC())
		}
	}
	r.health.drop(batch)
}
