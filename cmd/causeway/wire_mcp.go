package main

import (
	"context"
	"log/slog"

	airegistry "github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// wireMCP opens the MCP server and A2A agent card registries (seed 003
// §6-7); REF endpoints resolve through the naming registry. Each registers
// its Close on a.
func wireMCP(ctx context.Context, st store.Store, log *slog.Logger, a *app, reg *naming.Registry) (*airegistry.MCP, *airegistry.A2A, error) {
	m, err := airegistry.NewMCP(ctx, st, airegistry.Options{Logger: log.With("component", "ai-mcp"), Services: reg})
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, m.Close)
	a2a, err := airegistry.NewA2A(ctx, st, airegistry.Options{Logger: log.With("component", "ai-a2a")})
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, a2a.Close)
	return m, a2a, nil
}
