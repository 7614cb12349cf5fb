package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

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
	// MCP, when set, lets Warnings report MCP destinations that do not
	// exist (yet) or cannot be reached (a local server).
	MCP MCPServers
	// A2A, when set, lets Warnings report A2A destinations that do not
	// exist (yet) or have no url.
	A2A A2AAgents
}

// Registry is the gateway domain service.
type Registry struct {
	st   store.Store
	log  *slog.Logger
	opts Options
	view *view

	depMu      sync.Mutex
	dependents []Dependent

	cancel context.CancelFunc
	done   <-chan struct{}
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the gateways from the store and starts following its watch.
func New(ctx context.Context, st store.Store, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	r := &Registry{st: st, log: opts.Logger, opts: opts, view: newView(opts.Logger)}
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	mirrored, err := store.StartMirror(runCtx, st, Prefix, r.view, r.log.With("mirror", "gateway"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load gateways: %w", err)
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

// Listen subscribes to gateway changes; Close the listener when done.
func (r *Registry) Listen() *Subscription { return r.view.feed.Listen() }

// Keys answers every gateway, sorted by project and id.
func (r *Registry) Keys() []Key { return r.view.keys() }

// View answers a gateway and its routes in creation order, nil when the
// gateway does not exist. Both are shared: never modify them.
func (r *Registry) View(k Key) (*Gateway, []*Route) { return r.view.gateway(k) }

// commit runs a transaction and waits until the view shows the store as
// of its revision: the caller reads its own write, and after a failed
// guard it reads what beat it.
func (r *Registry) commit(ctx context.Context, guards []store.Cmp, ops ...store.Op) (bool, error) {
	return registry.CommitSeen(ctx, r.st, &r.view.applied, "gateway write", guards, ops...)
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "encode %T: %v", v, err)
	}
	return b, nil
}

func gatewayNotFound(k Key) error {
	return registry.Errorf(registry.KindNotFound, "gateway %s does not exist in project %s", k.ID, k.Project)
}

func routeNotFound(k Key, id string) error {
	return registry.Errorf(registry.KindNotFound, "route %s does not exist in gateway %s", id, k.ID)
}
