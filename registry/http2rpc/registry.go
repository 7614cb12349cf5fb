package http2rpc

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// Routes is what the registry asks of the gateways: *gateway.Registry.
type Routes interface {
	GetGateway(k gateway.Key) (*gateway.Gateway, error)
	GetRouteByName(k gateway.Key, name string) (*gateway.Route, error)
}

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
}

// Registry holds the http2rpc mappings of every gateway.
type Registry struct {
	st     store.Store
	routes Routes
	log    *slog.Logger
	view   *view
	cancel context.CancelFunc
	done   <-chan struct{}
}

// maxAttempts bounds the retries of a write that lost a race.
const maxAttempts = 16

// New loads the mappings and follows the store until Close.
func New(ctx context.Context, st store.Store, routes Routes, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	r := &Registry{st: st, routes: routes, log: opts.Logger, view: newView(opts.Logger)}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, Prefix, r.view, r.log.With("mirror", "http2rpc"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load http2rpc mappings: %w", err)
	}
	r.cancel, r.done = cancel, done
	return r, nil
}

// Close stops following the store.
func (r *Registry) Close() {
	r.cancel()
	<-r.done
}

// Listen answers a subscription to the gateways whose mappings change.
func (r *Registry) Listen() *feed.Listener[gateway.Key] { return r.view.feed.Listen() }

// Mappings answers a gateway's mappings in creation order.
func (r *Registry) Mappings(k gateway.Key) []*Mapping {
	ms, _ := r.view.list(k)
	return ms
}

// List answers a gateway's mappings in creation order; the gateway's
// KindNotFound when it does not exist.
func (r *Registry) List(k gateway.Key) ([]*Mapping, error) {
	if _, err := r.routes.GetGateway(k); err != nil {
		return nil, err
	}
	return r.Mappings(k), nil
}

func (r *Registry) commit(ctx context.Context, guards []store.Cmp, ops ...store.Op) (bool, error) {
	return registry.CommitSeen(ctx, r.st, &r.view.applied, "http2rpc write", guards, ops...)
}

// Applied implements gateway.Dependent: the watermark of the view.
func (r *Registry) Applied() *store.Watermark { return &r.view.applied }

// GatewayRecords implements gateway.Dependent: a gateway's mappings and
// its write marker go with it.
func (r *Registry) GatewayRecords(k gateway.Key) []store.Op {
	return []store.Op{store.DeletePrefix(mappingPrefix + gwPart(k) + "/"), store.Delete(markerKey(k))}
}
