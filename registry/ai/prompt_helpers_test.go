package ai

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newTestPrompts(t testing.TB) (*Prompts, store.Store) {
	t.Helper()
	st := enginetest.Open(t, quietLogger())
	s, err := NewPrompts(context.Background(), st, PromptOptions{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, st
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
