package naming

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// switchesKey holds the naming switches. It lies under Prefix so that every
// node's watch sees it; the index skips keys it does not know.
const switchesKey = Prefix + "switches"

// Switches are the Nacos naming switches ("operator/switches"). The named
// fields are the ones Causeway acts on; Other keeps, by their Nacos name, the
// switches it stores and reports but does not act on.
type Switches struct {
	// DefaultInstanceEphemeral is the kind of an instance registered over
	// HTTP without an "ephemeral" parameter.
	DefaultInstanceEphemeral bool `json:"defaultInstanceEphemeral"`
	// ClientBeatInterval (ms) is the beat interval told to clients whose
	// instance does not set preserved.heart.beat.interval.
	ClientBeatInterval int64 `json:"clientBeatInterval"`
	// HealthCheckEnabled off stops the beat checker: silent instances are
	// neither marked unhealthy nor removed.
	HealthCheckEnabled bool `json:"healthCheckEnabled"`
	// LightBeatEnabled tells clients they may beat without the instance.
	LightBeatEnabled bool `json:"lightBeatEnabled"`
	// DefaultCacheMillis is how long clients without push may cache a list.
	DefaultCacheMillis int64 `json:"defaultCacheMillis"`
	// DefaultPushCacheMillis is the cache time for clients that get pushes.
	DefaultPushCacheMillis int64 `json:"defaultPushCacheMillis"`
	// PushEnabled: subscribers that gave a UDP port are pushed each change
	// of the services they query.
	PushEnabled bool `json:"pushEnabled"`

	Other map[string]json.RawMessage `json:"other,omitempty"`

	// Revision is the store revision of the record, 0 for defaults (not stored).
	Revision int64 `json:"-"`
}

// DefaultSwitches are the switches of a fresh registry, Nacos's defaults.
func DefaultSwitches() Switches {
	return Switches{
		DefaultInstanceEphemeral: true,
		ClientBeatInterval:       DefaultBeatInterval.Milliseconds(),
		HealthCheckEnabled:       true,
		LightBeatEnabled:         true,
		DefaultCacheMillis:       3000,
		DefaultPushCacheMillis:   10000,
		PushEnabled:              true,
	}
}

// Clone answers a deep copy, so a caller may change it freely.
func (s Switches) Clone() Switches {
	s.Other = maps.Clone(s.Other)
	return s
}

// ValidateSwitches refuses switch values the registry cannot work with.
func ValidateSwitches(s *Switches) error {
	switch {
	case s.ClientBeatInterval <= 0:
		return registry.FieldErrorf(registry.KindInvalid, "clientBeatInterval",
			"clientBeatInterval must be positive: %d", s.ClientBeatInterval)
	case s.DefaultCacheMillis <= 0 || s.DefaultPushCacheMillis <= 0:
		return registry.FieldErrorf(registry.KindInvalid, "defaultCacheMillis", "cache millis must be positive")
	}
	return nil
}

// GetSwitches answers the switches. They are cached, and the naming watch
// keeps the cache current, so a change made on another node takes effect
// here as soon as this node's index shows it.
func (r *Registry) GetSwitches(ctx context.Context) (Switches, error) {
	if s := r.sw.Load(); s != nil {
		return s.Clone(), nil
	}
	s, err := r.loadSwitches(ctx)
	if err != nil {
		return Switches{}, err
	}
	return s.Clone(), nil
}

// PutSwitches replaces the switches.
func (r *Registry) PutSwitches(ctx context.Context, s Switches) error {
	return r.UpdateSwitches(ctx, func(cur *Switches) error {
		*cur = s.Clone()
		return nil
	})
}

// UpdateSwitches applies change to the current switches and stores the
// result, retrying when another writer got there first.
func (r *Registry) UpdateSwitches(ctx context.Context, change func(*Switches) error) error {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		cur, err := r.loadSwitches(ctx)
		if err != nil {
			return err
		}
		next := cur.Clone()
		if err := change(&next); err != nil {
			return err
		}
		if err := ValidateSwitches(&next); err != nil {
			return err
		}
		val, err := encode(&next)
		if err != nil {
			return err
		}
		ok, err := r.commit(ctx, store.Txn{
			If:   []store.Cmp{store.Unchanged(switchesKey, cur.Revision)},
			Then: []store.Op{store.Put(switchesKey, val)},
		})
		if err != nil {
			return err
		}
		if ok {
			_, err := r.loadSwitches(ctx)
			return err
		}
	}
	return registry.Conflict("update switches")
}

// loadSwitches reads the switches from the store into the cache.
func (r *Registry) loadSwitches(ctx context.Context) (Switches, error) {
	kv, err := r.st.Get(ctx, switchesKey)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s := DefaultSwitches()
		r.cacheSwitches(&s)
		return s, nil
	case err != nil:
		return Switches{}, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	s, err := decodeSwitches(kv)
	if err != nil {
		return Switches{}, err
	}
	r.cacheSwitches(&s)
	return s, nil
}

// switchesChanged takes the switches record the watch delivered (nil:
// deleted) into the cache. A record that cannot be read keeps the cache.
func (r *Registry) switchesChanged(kv *store.KV) {
	if kv == nil {
		s := DefaultSwitches()
		r.sw.Store(&s) // a delete: the only way back to revision 0
		return
	}
	s, err := decodeSwitches(*kv)
	if err != nil {
		r.log.Error("skipping unreadable naming switches", "err", err)
		return
	}
	r.cacheSwitches(&s)
}

// cacheSwitches keeps s unless the cache already holds a newer record: a
// read from the store may race with the watch delivering a later write.
func (r *Registry) cacheSwitches(s *Switches) {
	for {
		cur := r.sw.Load()
		if cur != nil && cur.Revision > s.Revision {
			return
		}
		if r.sw.CompareAndSwap(cur, s) {
			return
		}
	}
}

func decodeSwitches(kv store.KV) (Switches, error) {
	s := DefaultSwitches()
	if err := json.Unmarshal(kv.Value, &s); err != nil {
		return Switches{}, fmt.Errorf("decode switches: %w", err)
	}
	s.Revision = kv.ModRevision
	return s, nil
}

// healthCheckEnabled refreshes the cached switches and reports whether the
// beat checker should run. A store that cannot be read keeps the last known
// value rather than stopping or starting checks on a hiccup.
func (r *Registry) healthCheckEnabled(ctx context.Context) bool {
	s, err := r.loadSwitches(ctx)
	if err != nil {
		if cached := r.sw.Load(); cached != nil {
			return cached.HealthCheckEnabled
		}
		return true
	}
	return s.HealthCheckEnabled
}
