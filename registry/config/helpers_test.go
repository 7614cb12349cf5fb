package config

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

func publish(t testing.TB, s *Service, tenant, group, dataID, content string) *Config {
	t.Helper()
	c, err := s.Publish(context.Background(), PublishInput{Tenant: tenant, Group: group, DataID: dataID, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
