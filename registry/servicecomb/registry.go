package servicecomb

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (tests move it).
	Now func() time.Time
}

// Registry is the ServiceComb service-center over the store and the naming
// registry.
type Registry struct {
	st     store.Store
	naming *naming.Registry
	log    *slog.Logger
	now    func() time.Time
	view   *view

	// refs remembers where each instance id lives in naming, so that a
	// heartbeat finds its instance without a scan. It is a cache: a miss
	// or a stale entry is answered by a scan of the service's instances.
	refs sync.Map // instanceKey → naming.InstanceRef
	// finds caches find answers per query and revision (see find.go).
	finds findCache

	cancel context.CancelFunc
	done   <-chan struct{}
}

// instanceKey names an instance among every project's.
type instanceKey struct{ project, id string }

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the microservices from the store and follows its watch until
// Close. Instances live in reg.
func New(ctx context.Context, st store.Store, reg *naming.Registry, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Registry{st: st, naming: reg, log: opts.Logger, now: opts.Now, view: newView(opts.Logger)}
	r.finds.init()
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, Prefix, r.view, r.log.With("mirror", "servicecomb"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load servicecomb records: %w", err)
	}
	r.cancel, r.done = cancel, done
	return r, nil
}

// Close stops following the store; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	<-r.done
}

// commit commits a guarded transaction and waits until the view has it.
func (r *Registry) commit(ctx context.Context, what string, guards []store.Cmp, ops ...store.Op) (bool, error) {
	return registry.CommitSeen(ctx, r.st, &r.view.applied, what, guards, ops...)
}

// timestamp is service-center's: unix seconds as a string.
func (r *Registry) timestamp() string { return fmt.Sprint(r.now().Unix()) }

// namingKey is the Nacos service a microservice's instances belong to.
func namingKey(project, app, name string) naming.ServiceKey {
	return naming.ServiceKey{Namespace: registry.NamespaceOfProject(project), Group: registry.GroupOfApp(app), Name: name}
}
