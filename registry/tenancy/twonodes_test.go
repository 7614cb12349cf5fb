package tenancy

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/cluster/clustertest"
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

// A job whose node left the cluster mid-job is finished by the other node
// without a restart; while its node is a member, the other leaves it.
func TestTwoNodesJobOfALeftNodeIsTakenOver(t *testing.T) {
	st := twonodes.Store(t)
	ca, leaveA := clustertest.Join(t, st, "a:1", "test")
	cb, _ := clustertest.Join(t, st, "b:1", "test")
	clustertest.WaitMembers(t, cb, "a:1", "b:1")
	const every = 20 * time.Millisecond
	a := newTenantWith(t, st, EngineOptions{Cluster: ca, TakeOverInterval: every})
	b := newTenantWith(t, st, EngineOptions{Cluster: cb, TakeOverInterval: every})
	ctx := context.Background()
	en, job, err := a.e.Create(ctx, "p1", engineInput("lambda", AuthNone))
	if err != nil {
		t.Fatal(err)
	}
	mustFinish(t, a.e, "p1", en.ID, job.ID)
	if j, _, _ := a.e.loadJob(ctx, job.ID); j.Node != "a:1" {
		t.Fatalf("the job ran on %q, want a:1", j.Node)
	}
	// A's runner stops mid-job; A stays a member for a while.
	a.e.Close()
	interrupt(t, a, en, job.ID)
	time.Sleep(10 * every)
	if j, _, _ := b.e.loadJob(ctx, job.ID); j.Status != JobExecuting || j.Node != "a:1" {
		t.Fatalf("B took over the job of a live node: %+v", j)
	}
	leaveA()
	wantResumed(t, b.e, en, job.ID)
	if j, _, _ := b.e.loadJob(ctx, job.ID); j.Node != "b:1" {
		t.Fatalf("the job was finished by %q, want b:1", j.Node)
	}
}
