package naming

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// health remembers when each ephemeral instance last beat. It lives in
// memory only: a beat costs a map lookup and an atomic store, never a disk
// write. Only the transitions it causes (unhealthy, removed, healthy again)
// are written, without fsync.
type health struct {
	now   func() time.Time
	mu    sync.RWMutex
	beats map[string]*atomic.Int64 // instance store key -> unix nanos of last beat
}

func newHealth(now func() time.Time) *health {
	return &health{now: now, beats: map[string]*atomic.Int64{}}
}

// touch records a beat now.
func (h *health) touch(key string) {
	now := h.now().UnixNano()
	h.mu.RLock()
	b := h.beats[key]
	h.mu.RUnlock()
	if b != nil {
		b.Store(now)
		return
	}
	h.mu.Lock()
	if b = h.beats[key]; b == nil {
		b = new(atomic.Int64)
		h.beats[key] = b
	}
	h.mu.Unlock()
	b.Store(now)
}

// last answers the last beat, recording now for an instance never seen.
func (h *health) last(key string) time.Time {
	h.mu.RLock()
	b := h.beats[key]
	h.mu.RUnlock()
	if b == nil {
		h.touch(key)
		return h.now()
	}
	return time.Unix(0, b.Load())
}

// retain forgets the instances not in keep.
func (h *health) retain(keep map[string]bool) {
	h.mu.Lock()
	for k := range h.beats {
		if !keep[k] {
			delete(h.beats, k)
		}
	}
	h.mu.Unlock()
}

// BeatResult is what a beat answers.
type BeatResult struct {
	// Interval is how often the client should beat (Nacos's
	// getHeartBeatInterval): its instance's preserved.heart.beat.interval,
	// else the clientBeatInterval switch. Beat sets it also when it fails
	// with KindInstanceNotFound, an answer that still tells the client its
	// interval.
	Interval time.Duration
}

// Beat records a beat of an ephemeral instance and marks it healthy again if
// it was not. When the instance is gone and the beat carries the whole
// instance, it is registered again (Nacos's data compensation); otherwise
// KindInstanceNotFound asks the client to register. A whole instance is
// validated first, so a bad one is refused even when the instance exists
// and would not be looked at.
func (r *Registry) Beat(ctx context.Context, ref InstanceRef, full *Instance) (BeatResult, error) {
	if err := validateBeat(ref, full); err != nil {
		return BeatResult{}, err
	}
	key, in := r.locate(ref, true) // by address, whatever the cluster: see address.go
	if in == nil {
		if full == nil {
			res, err := r.beatResult(ctx, in)
			if err != nil {
				return res, err
			}
			return res, instanceNotFound(ref)
		}
		if err := r.Register(ctx, *full); err != nil {
			return BeatResult{}, err
		}
		return r.beatResult(ctx, full)
	}
	r.health.touch(key)
	if !in.Healthy {
		err := r.UpdateInstance(ctx, in.Ref(), func(i *Instance) error { i.Healthy = true; return nil })
		if err != nil && registry.KindOf(err) != registry.KindInstanceNotFound {
			return BeatResult{}, err
		}
	}
	return r.beatResult(ctx, in)
}

func validateBeat(ref InstanceRef, full *Instance) error {
	if err := validateRef(ref); err != nil || full == nil {
		return err
	}
	return ValidateInstance(full)
}

// beatResult answers the interval for instance in (nil when there is none):
// its own when its metadata sets one, else the clientBeatInterval switch.
func (r *Registry) beatResult(ctx context.Context, in *Instance) (BeatResult, error) {
	if in != nil {
		if _, ok := in.Metadata[MetaBeatInterval]; ok {
			return BeatResult{Interval: in.BeatInterval()}, nil
		}
	}
	sw := r.sw.Load() // the cache GetSwitches keeps; no copy on this hot path
	if sw == nil {
		loaded, err := r.loadSwitches(ctx)
		if err != nil {
			return BeatResult{}, err
		}
		sw = &loaded
	}
	return BeatResult{Interval: time.Duration(sw.ClientBeatInterval) * time.Millisecond}, nil
}

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

type verdict struct {
	key    string
	in     *Instance
	remove bool
}

// verdictsPerTxn bounds one health transaction: when a whole fleet of
// clients vanishes at once, its instances go in a few hundred transactions
// rather than one each.
const verdictsPerTxn = 256

// checkOnce marks silent instances unhealthy and removes dead ones.
func (r *Registry) checkOnce(ctx context.Context) {
	if !r.healthCheckEnabled(ctx) {
		return // the healthCheckEnabled switch is off: Nacos then skips beat checks entirely
	}
	now := r.opts.Now()
	seen := map[string]bool{}
	var todo []verdict
	r.idx.each(func(key string, in *Instance) {
		if !in.Ephemeral || in.Conn {
			return // persistent, or alive while its connection is
		}
		seen[key] = true
		silent := now.Sub(r.health.last(key))
		switch {
		case silent > in.DeleteTimeout():
			todo = append(todo, verdict{key: key, in: in, remove: true})
		case silent > in.BeatTimeout() && in.Healthy:
			todo = append(todo, verdict{key: key, in: in})
		}
	})
	r.health.retain(seen)
	for len(todo) > 0 {
		n := min(len(todo), verdictsPerTxn)
		if err := r.applyVerdicts(ctx, todo[:n]); err != nil && ctx.Err() == nil {
			r.log.Warn("health check write failed", "instances", n, "err", err)
		}
		todo = todo[n:]
	}
}

// applyVerdicts writes verdicts in one transaction guarded on every instance,
// so a re-registration that raced it wins; the next round judges again. A
// beat does not change an instance's revision, so beats that arrived since
// the scan are checked here.
func (r *Registry) applyVerdicts(ctx context.Context, vs []verdict) error {
	txn := store.Txn{Durability: store.Relaxed}
	for _, v := range vs {
		if r.opts.Now().Sub(r.health.last(v.key)) <= v.in.BeatTimeout() {
			continue // it beat while we were judging others
		}
		op, err := r.verdictOp(v)
		if err != nil {
			return err
		}
		txn.If = append(txn.If, store.Unchanged(v.key, v.in.Revision))
		txn.Then = append(txn.Then, op)
	}
	if len(txn.Then) == 0 {
		return nil
	}
	_, err := r.commit(ctx, txn)
	return err
}

func (r *Registry) verdictOp(v verdict) (store.Op, error) {
	if v.remove {
		r.log.Info("removing instance without beats", "service", v.in.Service.String(), "instance", v.in.Address())
		return store.Delete(v.key), nil
	}
	r.log.Info("instance missed its beats", "service", v.in.Service.String(), "instance", v.in.Address())
	next := *v.in
	next.Healthy = false
	next.ModifiedAt = r.nowMillis()
	val, err := encode(&next)
	return store.Put(v.key, val), err
}
