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
	Interval time.Duration
}

// Beat records a beat of an ephemeral instance and marks it healthy again if
// it was not. When the instance is gone and the beat carries the whole
// instance, it is registered again (Nacos's data compensation); otherwise
// KindInstanceNotFound asks the client to register.
func (r *Registry) Beat(ctx context.Context, ref InstanceRef, full *Instance) (BeatResult, error) {
	if err := validateRef(ref); err != nil {
		return BeatResult{}, err
	}
	key := instanceStoreKey(ref)
	in := r.idx.instance(ref.Service, key)
	if in == nil || !in.Ephemeral {
		if full == nil {
			return BeatResult{}, instanceNotFound(ref)
		}
		if err := r.Register(ctx, *full); err != nil {
			return BeatResult{}, err
		}
		return BeatResult{Interval: full.BeatInterval()}, nil
	}
	r.health.touch(key)
	if !in.Healthy {
		err := r.UpdateInstance(ctx, ref, func(i *Instance) error { i.Healthy = true; return nil })
		if err != nil && registry.KindOf(err) != registry.KindInstanceNotFound {
			return BeatResult{}, err
		}
	}
	return BeatResult{Interval: in.BeatInterval()}, nil
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
			r.subs.expire()
		}
	}
}

type verdict struct {
	key    string
	in     *Instance
	remove bool
}

// checkOnce marks silent instances unhealthy and removes dead ones.
func (r *Registry) checkOnce(ctx context.Context) {
	if !r.healthCheckEnabled(ctx) {
		return // the "healthCheckEnabled" switch is off, as Nacos's HealthCheckEnableInterceptor
	}
	now := r.opts.Now()
	seen := map[string]bool{}
	var todo []verdict
	r.idx.each(func(key string, in *Instance) {
		if !in.Ephemeral {
			return
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
	for _, v := range todo {
		if err := r.apply(ctx, v); err != nil && ctx.Err() == nil {
			r.log.Warn("health check write failed", "instance", v.key, "err", err)
		}
	}
}

// apply writes one verdict, guarded so that a beat or re-registration that
// raced it wins.
func (r *Registry) apply(ctx context.Context, v verdict) error {
	silent := r.opts.Now().Sub(r.health.last(v.key))
	if silent <= v.in.BeatTimeout() {
		return nil // it beat while we were judging others
	}
	if v.remove {
		r.log.Info("removing instance without beats", "service", v.in.Service.String(), "instance", v.in.Address())
		_, err := r.commit(ctx, store.Txn{
			If:         []store.Cmp{store.Unchanged(v.key, v.in.Revision)},
			Then:       []store.Op{store.Delete(v.key)},
			Durability: store.Relaxed,
		})
		return err
	}
	r.log.Info("instance missed its beats", "service", v.in.Service.String(), "instance", v.in.Address())
	_, err := r.replaceInstance(ctx, v.key, v.in, func(i *Instance) error { i.Healthy = false; return nil })
	return err
}
