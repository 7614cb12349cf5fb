package catalog

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newMCP(t *testing.T) *MCP {
	t.Helper()
	m, err := NewMCP(context.Background(), enginetest.Open(t, quiet()), Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func newA2A(t *testing.T) *A2A {
	t.Helper()
	a, err := NewA2A(context.Background(), enginetest.Open(t, quiet()), Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// mcpInput parses the three documents as the API does.
func mcpInput(t *testing.T, ns, server, tools, endpoint string) *MCPInput {
	t.Helper()
	in, err := ParseMCPInput(ns, "", server, tools, endpoint)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// wantErr fails unless err has kind (and reason, when not nil).
func wantErr(t *testing.T, err error, kind registry.Kind, reason error) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want kind %v", kind)
	}
	if registry.KindOf(err) != kind {
		t.Fatalf("error %v has kind %v, want %v", err, registry.KindOf(err), kind)
	}
	if reason != nil && !errors.Is(err, reason) {
		t.Fatalf("error %v is not %v", err, reason)
	}
}
