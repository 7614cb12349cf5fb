package main

import (
	"context"
	"log/slog"

	"github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/store"
)

// wirePrompts builds the prompt registry (seed 003 §8), closed with the
// app.
func wirePrompts(ctx context.Context, st store.Store, log *slog.Logger, a *app) (*ai.Prompts, error) {
	p, err := ai.NewPrompts(ctx, st, ai.PromptOptions{Logger: log.With("component", "prompt")})
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, p.Close)
	return p, nil
}
