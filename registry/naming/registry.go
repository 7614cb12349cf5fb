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
	// Cluster divides the beat checks among the nodes sharing the store;
	// nil: this node checks every client (see ownership.go).
	Cluster Ownership
}

// Registry is the naming service.
type Registry struct {
	st     store.Store
	log    *slog.Logger
	opts   Options
	idx    *index
	health *health
	subs   *subscribers
	conns  *connClients
	empty  map[ServiceKey]time.Time // implicit services without instances, since when
	sw     atomic.Pointer[Switches] // cached switches, see GetSwitches
	// limiter caps the namespaces of tenants (quota.go).
	limiter atomic.Pointer[Limiter]
	// orphans are the connection clients the last SweepConnOrphans found
	// orphaned; only that sweep touches it (orphans.go).
	orphans map[string]bool
	// lim is how big one store transaction may be; multi-instance writes
	// are split, or refused, by it.
	lim store.Limits

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
	r := &Registry{st: st, log: opts.Logger, opts: opts, idx: newIndex(), empty: map[ServiceKey]time.Time{},
		lim: store.LimitsOf(st)}
	r.health = newHealth(opts.Now, opts.CheckInterval)
	r.subs = newSubscribers(opts.Now, opts.SubscriberTTL)
	r.conns = newConnClients()
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	mirrored, err := store.StartMirror(runCtx, st, Prefix, indexMirror{r}, r.log.With("mirror", "naming"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load naming registry: %w", err)
	}
	r.cancel = cancel
	r.wg.Add(2)
	go func() { defer r.wg.Done(); <-mirrored }()
	go r.checkLoop(runCtx)
	return r, nil
}

// Close stops the background work; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	r.wg.Wait()
}

// indexMirror feeds the index and the cached switches from the store.
// The switches come first, so that a writer that waits for the index sees
// its own switches too.
type indexMirror struct{ r *Registry }

func (m indexMirror) Load(kvs []store.KV, rev int64) {
	var sw *store.KV
	for i := range kvs {
		if kvs[i].Key == switchesKey {
			sw = &kvs[i]
		}
	}
	m.r.switchesChanged(sw)
	m.r.idx.load(kvs, rev, m.r.log)
}

func (m indexMirror) Apply(events []store.Event) {
	for _, ev := range events {
		if ev.KV.Key != switchesKey {
			continue
		}
		if ev.Type == store.EventDelete {
			m.r.switchesChanged(nil)
		} else {
			m.r.switchesChanged(&ev.KV)
		}
	}
	m.r.idx.apply(events, m.r.log)
}

// commit runs a transaction and waits until the index shows it.
func (r *Registry) commit(ctx context.Context, txn store.Txn) (bool, error) {
	res, err := r.st.Commit(ctx, txn)
	if err != nil {
		kind := registry.KindInternal
		if errors.Is(err, store.ErrInvalid) {
			// The request is at fault, not the server: a transaction too
			// large for the store (a batch of many large instances).
			kind = registry.KindInvalid
		}
		return false, registry.Errorf(kind, "store: %v", err)
	}
	if err := r.idx.applied.Wait(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for index: %w", err)
	}
	return res.Succeeded, nil
}

// catchUpCap bounds catchUp: see there.
const catchUpCap = 100 * time.Millisecond

// catchUp waits, briefly, until the index reflects the store as it is now;
// a writer whose guard failed calls it before it reads and tries again.
// The store's revision also counts other services' writes (configs,
// gateways), which the naming watch never delivers, so the wait is capped
// rather than trusted: callers re-check with guarded writes anyway.
func (r *Registry) catchUp(ctx context.Context) error {
	c, cancel := context.WithTimeout(ctx, catchUpCap)
	defer cancel()
	if err := r.idx.applied.Wait(c, r.st.Revision()); err != nil && ctx.Err() != nil {
		return fmt.Errorf("wait for index: %w", ctx.Err())
	}
	return nil
}

func durability(ephemeral bool) store.Durability {
	if ephemeral {
		return store.Relaxed
	}
	return store.Sync
}

func (r *Registry) nowMillis() int64 { return r.opts.Now().UnixMilli() }
