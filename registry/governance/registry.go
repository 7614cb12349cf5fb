package governance

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
}

// Registry is the governance domain service: it stores rules, keeps them
// parsed in memory and answers them as Snapshots for the control plane.
type Registry struct {
	st   store.Store
	log  *slog.Logger
	view *view

	cancel context.CancelFunc
	done   <-chan struct{}
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the rules from the store and starts following its watch.
func New(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	r := &Registry{st: st, log: opts.Logger, view: newView(opts.Logger)}
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	mirrored, err := store.StartMirror(runCtx, st, Prefix, r.view, r.log.With("mirror", "governance"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load governance rules: %w", err)
	}
	r.cancel = cancel
	r.done = mirrored
	return r, nil
}

// Close stops following the store; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	<-r.done
}

// Listen subscribes to rule changes; Close the listener when done.
func (r *Registry) Listen() *Subscription { return r.view.feed.Listen() }

// Snapshot answers every rule, enabled or not (Snapshot.For keeps the
// enabled ones), as of the last change the view applied. It is built once
// per change and shared: never modify it.
func (r *Registry) Snapshot() *Snapshot { return r.view.snapshot() }

// commit runs a transaction and waits until the view shows the store as
// of its revision: the caller reads its own write, and after a failed
// guard it reads what beat it.
func (r *Registry) commit(ctx context.Context, guards []store.Cmp, ops ...store.Op) (bool, error) {
	return registry.CommitSeen(ctx, r.st, &r.view.applied, "governance write", guards, ops...)
}

func errBusy(what string) error {
	return registry.Errorf(registry.KindConflict, "%s: too many concurrent changes, try again", what)
}

func policyNotFound(k policyKey) error {
	return registry.Errorf(registry.KindNotFound, "%s %s does not exist in project %s", k.Kind, k.ID, k.Project)
}

func nameTaken(kind Kind, name string, sel Selector) error {
	return registry.FieldErrorf(registry.KindConflict, "name", "a %s named %q already exists for selector %s/%s/%s",
		kind, name, sel.Environment, sel.App, sel.Service)
}
