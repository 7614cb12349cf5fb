package tenancy

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Service.
type Options struct {
	Logger *slog.Logger
	// Quota is the config quota reported for every namespace (default 200,
	// Nacos's when nacos.core.namespace.default.quota is unset).
	Quota int
	// Counter answers configCount; nil answers 0 until SetCounter.
	Counter ConfigCounter
	// Now is the clock (tests fix it).
	Now func() time.Time
}

// Service keeps the namespaces.
type Service struct {
	st      store.Store
	log     *slog.Logger
	opts    Options
	view    *view
	counter atomic.Pointer[ConfigCounter]
	// engines, once built, give engine namespaces their quota (read.go).
	engines atomic.Pointer[Engines]
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New loads the namespaces from the store and follows its watch until Close.
func New(ctx context.Context, st store.Store, opts Options) (*Service, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Quota <= 0 {
		opts.Quota = DefaultQuota
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{st: st, log: opts.Logger, opts: opts, view: newView(opts.Logger)}
	s.SetCounter(opts.Counter)
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, Prefix, s.view, s.log.With("mirror", "tenancy"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load namespaces: %w", err)
	}
	s.cancel = cancel
	s.wg.Add(1)
	go func() { defer s.wg.Done(); <-done }()
	return s, nil
}

// Close stops following the store; the store stays open.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

// SetCounter installs the config counter; the config centre is usually
// built after the namespaces it counts in.
func (s *Service) SetCounter(c ConfigCounter) {
	if c == nil {
		s.counter.Store(nil)
		return
	}
	s.counter.Store(&c)
}

func (s *Service) count(id string) int {
	if c := s.counter.Load(); c != nil {
		return (*c).Count(id)
	}
	return 0
}

func notFound(id string) error {
	// Worded as NamespaceOperationService.getNamespace words it.
	return registry.FieldErrorf(registry.KindNamespaceNotFound, "namespaceId",
		"namespaceId [ %s ] not exist", id)
}

func exists(id string) error {
	return registry.FieldErrorf(registry.KindNamespaceExists, "namespaceId",
		"namespaceId [%s] already exist", id)
}

func immutable(action string) error {
	return registry.FieldErrorf(registry.KindNamespace, "namespaceId",
		"namespaceId [%s] is the default namespace and can not be %s", PublicID, action)
}
