package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// Gateways answers a gateway; *gateway.Registry does. A plugin belongs to
// an existing gateway.
type Gateways interface {
	GetGateway(k gateway.Key) (*gateway.Gateway, error)
}

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
	// Fetcher gets modules; nil is NewFetcher(FetcherOptions{}).
	Fetcher Fetcher
	// MaxModuleSize bounds an uploaded module; 0 is MaxModuleSize. (A
	// fetched one is bounded by its Fetcher.)
	MaxModuleSize int
}

// Subscription receives the keys of gateways whose plugins changed, after
// the view applied the change.
type Subscription = feed.Listener[gateway.Key]

// Registry is the plugin domain service.
type Registry struct {
	st       store.Store
	gateways Gateways
	fetcher  Fetcher
	checker  *configChecker // the process's; tests may give their own
	log      *slog.Logger
	opts     Options
	view     *view

	cancel context.CancelFunc
	done   <-chan struct{}
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the plugins from the store and starts following its watch.
func New(ctx context.Context, st store.Store, gateways Gateways, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Fetcher == nil {
		opts.Fetcher = NewFetcher(FetcherOptions{})
	}
	if opts.MaxModuleSize <= 0 {
		opts.MaxModuleSize = MaxModuleSize
	}
	r := &Registry{st: st, gateways: gateways, fetcher: opts.Fetcher, checker: checker, log: opts.Logger, opts: opts, view: newView(opts.Logger)}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	mirrored, err := store.StartMirror(runCtx, st, recordPrefix, r.view, r.log.With("mirror", "plugin"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load plugins: %w", err)
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

// Listen subscribes to the keys of gateways whose plugins changed; Close
// the listener when done.
func (r *Registry) Listen() *Subscription { return r.view.feed.Listen() }

// Plugins answers the plugins of gateway k in creation order (also those of
// a gateway deleted since: the translator serves nodes of existing
// gateways only). They are shared: never modify them.
func (r *Registry) Plugins(k gateway.Key) []*Plugin { return r.view.plugins(k) }

// Keys answers every gateway that has plugins.
func (r *Registry) Keys() []gateway.Key { return r.view.keys() }

// commit runs a transaction and waits until the view shows the store as of
// its revision.
func (r *Registry) commit(ctx context.Context, guards []store.Cmp, ops ...store.Op) (bool, error) {
	return registry.CommitSeen(ctx, r.st, &r.view.applied, "plugin write", guards, ops...)
}

func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, registry.Errorf(registry.KindInternal, "encode %T: %v", v, err)
	}
	return b, nil
}

func pluginNotFound(k gateway.Key, id string) error {
	return registry.Errorf(registry.KindNotFound, "plugin %s does not exist in gateway %s", id, k.ID)
}

func nameTaken(name string) error {
	return registry.FieldErrorf(registry.KindConflict, "pluginName", "pluginName: %q is already the name of a plugin of this gateway", name)
}

// Applied implements gateway.Dependent: the watermark of the view.
func (r *Registry) Applied() *store.Watermark { return &r.view.applied }

// GatewayRecords implements gateway.Dependent: a gateway's plugins and
// their names go with it. (Modules stay: other gateways may use them.)
func (r *Registry) GatewayRecords(k gateway.Key) []store.Op {
	return []store.Op{store.DeletePrefix(pluginPrefix + gwPart(k)), store.DeletePrefix(namePrefix + gwPart(k))}
}
