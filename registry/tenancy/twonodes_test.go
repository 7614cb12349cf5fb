package tenancy

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// Namespaces written on A show on B; A reads its own writes at once.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	ctx := context.Background()
	st := twonodes.Store(t)
	a, b := newService(t, st, Options{Logger: quiet()}), newService(t, st, Options{Logger: quiet()})
	cases := []struct {
		name  string
		write func(t *testing.T)
		seen  func(s *Service) bool
	}{
		{"create", func(t *testing.T) {
			if _, err := a.Create(ctx, "dev", "Dev", "d"); err != nil {
				t.Fatal(err)
			}
		}, func(s *Service) bool { return s.Exists("dev") && len(s.List()) == 2 }},
		{"update", func(t *testing.T) {
			if _, err := a.Update(ctx, "dev", "Dev2", "d2"); err != nil {
				t.Fatal(err)
			}
		}, func(s *Service) bool { ns, err := s.Get("dev"); return err == nil && ns.Name == "Dev2" }},
		{"delete", func(t *testing.T) {
			if err := a.Delete(ctx, "dev"); err != nil {
				t.Fatal(err)
			}
		}, func(s *Service) bool { return !s.Exists("dev") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.write(t)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
}

// One namespace id created on both nodes at once is created once.
func TestTwoNodesConcurrentCreateOnce(t *testing.T) {
	st := twonodes.Store(t)
	a, b := newService(t, st, Options{Logger: quiet()}), newService(t, st, Options{Logger: quiet()})
	errs := make(chan error, 2)
	for _, s := range []*Service{a, b} {
		go func() { _, err := s.Create(context.Background(), "same", "S", ""); errs <- err }()
	}
	if e1, e2 := <-errs, <-errs; (e1 == nil) == (e2 == nil) {
		t.Fatalf("want exactly one create to succeed: %v, %v", e1, e2)
	}
}
