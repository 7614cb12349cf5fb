package ai

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// PromptOptions tune a Prompts registry.
type PromptOptions struct {
	Logger *slog.Logger
	// Now is the clock (tests move it).
	Now func() time.Time
}

// Prompts is the prompt registry (seed 003 §8).
type Prompts struct {
	st   store.Store
	now  func() time.Time
	log  *slog.Logger
	view *promptView

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewPrompts loads the prompts from the store and follows its watch
// until Close.
func NewPrompts(ctx context.Context, st store.Store, opts PromptOptions) (*Prompts, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Prompts{st: st, now: opts.Now, log: opts.Logger, view: newPromptView(opts.Logger)}
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, PromptPrefix, s.view, s.log.With("mirror", "prompt"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load prompts: %w", err)
	}
	s.cancel = cancel
	s.wg.Add(1)
	go func() { defer s.wg.Done(); <-done }()
	return s, nil
}

// Close stops the background work; the store stays open.
func (s *Prompts) Close() {
	s.cancel()
	s.wg.Wait()
}

// nowMillis is the clock in the milliseconds Nacos's answers carry.
func (s *Prompts) nowMillis() int64 { return s.now().UnixMilli() }
