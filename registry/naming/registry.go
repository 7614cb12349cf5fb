package naming

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
	// CheckInterval is how often ephemeral instances are checked for missed
	// beats (default 500 ms).
	CheckInterval time.Duration
	// SubscriberTTL is how long a subscriber stays listed after its last
	// query (default 30 s).
	SubscriberTTL time.Duration
	// EmptyServiceTTL is how long a service that registration created
	// implicitly may stay without instances before it is removed, as Nacos's
	// empty-service cleaner does (default 60 s). Services created through
	// the service APIs are never removed this way.
	EmptyServiceTTL time.Duration
	// Now is the clock (tests move it).
	Now func() time.Time
}

// Registry is the naming service.
type Registry struct {
	st     store.Store
	log    *slog.Logger
	opts   Options
	idx    *index
	health *health
	subs   *subscribers
	empty  map[ServiceKey]time.Time // implicit services without instances, since when
	sw     atomic.Pointer[Switches] // cached switches, see GetSwitches

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the registry from the store and starts following its watch and
// checking instance health. Ephemeral instances found in the store get a
// fresh beat deadline, so a quick restart does not flap them.
func New(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.CheckInterval <= 0 {
		opts.CheckInterval = 500 * time.Millisecond
	}
	if opts.SubscriberTTL <= 0 {
		opts.SubscriberTTL = 30 * time.Second
	}
	if opts.EmptyServiceTTL <= 0 {
		opts.EmptyServiceTTL = 60 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Registry{st: st, log: opts.Logger, opts: opts, idx: newIndex(), empty: map[ServiceKey]time.Time{}}
	r.health = newHealth(opts.Now)
	r.subs = newSubscribers(opts.Now, opts.SubscriberTTL)
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w, err := r.reload(runCtx)
	if err != nil {
		cancel()
		return nil, err
	}
	r.cancel = cancel
	r.wg.Add(2)
	go r.follow(runCtx, w)
	go r.checkLoop(runCtx)
	return r, nil
}

// Close stops the background work; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	r.wg.Wait()
}

// reload lists everything and starts a watch right after the listing.
func (r *Registry) reload(ctx context.Context) (store.Watcher, error) {
	kvs, rev, err := r.st.List(ctx, Prefix)
	if err != nil {
		return nil, fmt.Errorf("load naming registry: %w", err)
	}
	r.idx.load(kvs, rev, r.log)
	w, err := r.st.Watch(ctx, Prefix, rev+1)
	if err != nil {
		return nil, fmt.Errorf("watch naming registry: %w", err)
	}
	return w, nil
}

// follow applies the watch to the index, relisting when the watch breaks.
func (r *Registry) follow(ctx context.Context, w store.Watcher) {
	defer r.wg.Done()
	for {
		for batch := range w.Events() {
			r.idx.apply(batch, r.log)
		}
		if ctx.Err() != nil || errors.Is(w.Err(), store.ErrClosed) {
			return
		}
		r.log.Warn("naming watch ended, reloading", "err", w.Err())
		for {
			var err error
			if w, err = r.reload(ctx); err == nil {
				break
			}
			r.log.Error("naming reload failed", "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}

// commit runs a transaction and waits until the index shows it.
func (r *Registry) commit(ctx context.Context, txn store.Txn) (bool, error) {
	res, err := r.st.Commit(ctx, txn)
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if err := r.idx.waitFor(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for index: %w", err)
	}
	return res.Succeeded, nil
}

// catchUp waits until the index reflects the store as it is now; a writer
// whose guard failed calls it before it reads and tries again.
func (r *Registry) catchUp(ctx context.Context) error {
	return r.idx.waitFor(ctx, r.st.Revision())
}

func durability(ephemeral bool) store.Durability {
	if ephemeral {
		return store.Relaxed
	}
	return store.Sync
}

func (r *Registry) nowMillis() int64 { return r.opts.Now().UnixMilli() }

func errConflict(what string) error {
	return registry.Errorf(registry.KindConflict, "%s: too many concurrent changes, try again", what)
}
