package main

import (
	"context"
	"log/slog"

	"github.com/causeway-dev/causeway/registry/ai/catalog"
	"github.com/causeway-dev/causeway/registry/naming"
	"github.com/causeway-dev/causeway/registry/store"
)

// wireMCP opens the MCP server and A2A agent card registries (seed 003
// §6-7); REF endpoints resolve through the naming registry. Each registers
// its Close on a.
func wireMCP(ctx context.Context, st store.Store, log *slog.Logger, a *app, reg *naming.Registry) (*catalog.MCP, *catalog.A2A, error) {
	m, err := catalog.NewMCP(ctx, st, catalog.Options{Logger: log.With("component", "ai-mcp"), Services: reg})
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, m.Close)
	a2a, err := catalog.NewA2A(ctx, st, catalog.Options{Logger: log.With("component", "ai-a2a")})
	if err != nil {
		return nil, nil, err
	}
	a.closers = append(a.closers, a2a.Close)
	return m, a2a, nil
}
