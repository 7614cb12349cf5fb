package kie

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newTestService(t testing.TB) (*Service, store.Store) {
	t.Helper()
	st := enginetest.Open(t, quietLogger())
	s, err := New(context.Background(), st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, st
}

func create(t testing.TB, s *Service, key, value string, labels map[string]string) *KV {
	t.Helper()
	kv, err := s.Create(context.Background(), CreateInput{Project: "default", Key: key, Value: value, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

func ptr[T any](v T) *T { return &v }
