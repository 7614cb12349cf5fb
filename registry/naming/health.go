package naming

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// health remembers when each ephemeral instance last beat. It lives in
// memory only: a beat costs a map lookup and an atomic store, never a disk
// write. Only the transitions it causes (unhealthy, removed, healthy again)
// are written, without fsync.
type health struct {
	now   func() time.Time
	mu    sync.RWMutex
	beats map[string]*beat // instance store key -> its beats

	// sweep serialises sweeps; sweeps counts them. A beat record seen by
	// sweep n carries n, so the records of instances gone are found without
	// a set of the living.
	sweep  sync.Mutex
	sweeps atomic.Uint64

	// due holds the sweep's next looks (see due.go).
	due *dueSchedule
	// epoch is the cluster epoch the last sweep saw (ownership.go); the
	// sweep alone touches it.
	epoch uint64
}

// beat is one instance's beat record.
type beat struct {
	last atomic.Int64  // unix nanos of the last beat
	seen atomic.Uint64 // the last sweep that found the instance (or created it)

	// The sweep's own cache, touched by the sweep alone (under health.sweep):
	// the instance its timeouts were read from, so preserved.* metadata is
	// parsed when an instance changes rather than on every sweep.
	in                  *Instance
	beatTimeout, expiry int64 // nanos
	// look is the number of the record's latest look in the due schedule.
	look uint64
	// owned: this node checked the instance's beats at the last look (see
	// ownership.go).
	owned bool
}

func newHealth(now func() time.Time, checkInterval time.Duration) *health {
	return &health{now: now, beats: map[string]*beat{}, due: newDueSchedule(int64(checkInterval))}
}

// touch records a beat now.
func (h *health) touch(key string) {
	h.touchAt(key, h.now().UnixNano())
}

func (h *health) touchAt(key string, now int64) *beat {
	h.mu.RLock()
	b := h.beats[key]
	h.mu.RUnlock()
	if b != nil {
		b.last.Store(now)
		return b
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if b = h.beats[key]; b != nil {
		b.last.Store(now)
		return b
	}
	// Complete before it is shared: a sweep must never read a last beat
	// of zero, which would make the instance look silent since 1970.
	b = new(beat)
	b.last.Store(now)
	// Born during a sweep, it must outlive that sweep's forget.
	b.seen.Store(h.sweeps.Load())
	// The next sweep looks at it, and files it by its timeouts.
	h.due.file(key, b, now)
	h.beats[key] = b
	return b
}

// forget drops the records no sweep found since sweep n began. It finds
// them under the read lock, so that beats go on meanwhile, and takes the
// write lock only to delete what it found.
func (h *health) forget(n uint64) {
	var stale []string
	h.mu.RLock()
	for k, b := range h.beats {
		if b.seen.Load() < n {
			stale = append(stale, k)
		}
	}
	h.mu.RUnlock()
	if len(stale) == 0 {
		return
	}
	h.mu.Lock()
	for _, k := range stale {
		if b := h.beats[k]; b != nil && b.seen.Load() < n {
			delete(h.beats, k)
		}
	}
	h.mu.Unlock()
}

// dropGone forgets the record of an instance the sweep found gone, unless
// a beat or a registration touched it since (last).
func (h *health) dropGone(key string, b *beat, last int64) {
	h.mu.Lock()
	if h.beats[key] == b && b.last.Load() == last {
		delete(h.beats, key)
	}
	h.mu.Unlock()
}

// drop forgets the beat records of instances the sweep removed, unless a
// beat or a new registration touched them since it judged.
func (h *health) drop(vs []verdict) {
	h.mu.Lock()
	for _, v := range vs {
		if v.remove && h.beats[v.key] == v.b && v.b.last.Load() == v.last {
			delete(h.beats, v.key)
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
	r.beaten(key, in)
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
