package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Services tells whether a service is registered; *naming.Registry does,
// through a small adapter where the process is wired. It only feeds
// warnings: a route may name a service that registers later.
type Services interface {
	ServiceExists(namespace, group, name string) bool
}

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
	// Services, when set, lets Warnings report destinations that do not
	// exist (yet).
	Services Services
}

// Registry is the gateway domain service.
type Registry struct {
	st   store.Store
	log  *slog.Logger
	opts Options
	view *view

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the gateways from the store and starts following its watch.
func New(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	r := &Registry{st: st, log: opts.Logger, opts: opts, view: newView()}
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w, err := r.reload(runCtx)
	if err != nil {
		cancel()
		return nil, err
	}
	r.cancel = cancel
	r.wg.Add(1)
	go r.follow(runCtx, w)
	return r, nil
}

// Close stops following the store; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	r.wg.Wait()
}

// Listen subscribes to gateway changes; Close the listener when done.
func (r *Registry) Listen() *Subscription { return r.view.feed.listen() }

// Keys answers every gateway, sorted by project and id.
func (r *Registry) Keys() []Key { return r.view.keys() }

// View answers a gateway and its routes in creation order, nil when the
// gateway does not exist. Both are shared: never modify them.
func (r *Registry) View(k Key) (*Gateway, []*Route) { return r.view.gateway(k) }

// reload lists everything and starts a watch right after the listing.
func (r *Registry) reload(ctx context.Context) (store.Watcher, error) {
	kvs, rev, err := r.st.List(ctx, Prefix)
	if err != nil {
		return nil, fmt.Errorf("load gateways: %w", err)
	}
	r.view.load(kvs, rev, r.log)
	w, err := r.st.Watch(ctx, Prefix, rev+1)
	if err != nil {
		return nil, fmt.Errorf("watch gateways: %w", err)
	}
	return w, nil
}

// follow applies the watch to the view, listing again when the watch
// breaks (compaction, a slow reader).
func (r *Registry) follow(ctx context.Context, w store.Watcher) {
	defer r.wg.Done()
	for {
		for batch := range w.Events() {
			r.view.apply(batch, r.log)
		}
		if ctx.Err() != nil || errors.Is(w.Err(), store.ErrClosed) {
			return
		}
		r.log.Warn("gateway watch ended, reloading", "err", w.Err())
		if w = r.reloadUntilDone(ctx); w == nil {
			return
		}
	}
}

func (r *Registry) reloadUntilDone(ctx context.Context) store.Watcher {
	for {
		w, err := r.reload(ctx)
		if err == nil {
			return w
		}
		r.log.Error("gateway reload failed", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// commit runs a transaction and waits until the view shows the store as
// of its revision: the caller reads its own write, and after a failed
// guard it reads what beat it.
func (r *Registry) commit(ctx context.Context, guards []store.Cmp, ops ...store.Op) (bool, error) {
	res, err := r.st.Commit(ctx, store.Txn{If: guards, Then: ops})
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if err := r.view.waitFor(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for the gateway view: %w", err)
	}
	return res.Succeeded, nil
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "encode %T: %v", v, err)
	}
	return b, nil
}

// newID answers a random 32-hex-digit id.
func newID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", registry.Errorf(registry.KindInternal, "generate id: %v", err)
	}
	return hex.EncodeToString(b[:]), nil
}

func errConflict(what string) error {
	return registry.Errorf(registry.KindConflict, "%s: too many concurrent changes, try again", what)
}

func gatewayNotFound(k Key) error {
	return registry.Errorf(registry.KindNotFound, "gateway %s does not exist in project %s", k.ID, k.Project)
}

func routeNotFound(k Key, id string) error {
	return registry.Errorf(registry.KindNotFound, "route %s does not exist in gateway %s", id, k.ID)
}
