package kie

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoNodes builds two kie services over one store, as two processes on
// one etcd: each sees the other's writes only through its watch.
func twoNodes(t *testing.T) (a, b *Service) {
	t.Helper()
	st := twonodes.Store(t)
	for _, n := range []**Service{&a, &b} {
		s, err := New(context.Background(), st, Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		*n = s
	}
	return a, b
}

// Every read of B shows A's writes, and the project revision (the
// X-Kie-Revision clients poll with) is the same number on both nodes.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	var id string
	cases := []struct {
		name  string
		write func(t *testing.T)
		seen  func(s *Service) bool
	}{
		{"create", func(t *testing.T) { id = create(t, a, "k", "v1", map[string]string{"app": "x"}).ID },
			func(s *Service) bool { kv, err := s.Get("default", id); return err == nil && kv.Value == "v1" }},
		{"update", func(t *testing.T) {
			if _, err := a.Update(ctx, UpdateInput{Project: "default", ID: id, Value: ptr("v2")}); err != nil {
				t.Fatal(err)
			}
		}, func(s *Service) bool {
			kvs, _, err := s.List("default", &Query{Labels: map[string]string{"app": "x"}})
			return err == nil && len(kvs) == 1 && kvs[0].Value == "v2"
		}},
		{"delete", func(t *testing.T) {
			if err := a.Delete(ctx, "default", id); err != nil {
				t.Fatal(err)
			}
		}, func(s *Service) bool { _, err := s.Get("default", id); return err != nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.write(t)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) && a.Revision("default") == b.Revision("default") })
		})
	}
}

// A long poll held on B (with the revision B answered) wakes for a
// change made on A.
func TestTwoNodesPollWakesOnTheOtherNodesWrite(t *testing.T) {
	a, b := twoNodes(t)
	create(t, a, "k", "v1", map[string]string{"app": "x"})
	twonodes.Eventually(t, "B sees the kv", func() bool { return b.Revision("default") == a.Revision("default") })
	q := &Query{Labels: map[string]string{"app": "x"}}
	woke := make(chan bool, 1)
	go func() { woke <- b.Poll(context.Background(), "default", q, b.Revision("default"), twonodes.Settle) }()
	twonodes.Eventually(t, "the poll is held on B", func() bool { return b.Waiting() == 1 })
	create(t, a, "k2", "v", map[string]string{"app": "x"})
	select {
	case changed := <-woke:
		if !changed {
			t.Fatal("B's poll answered not modified")
		}
	case <-time.After(twonodes.Settle):
		t.Fatal("B's poll never woke for A's change")
	}
}

// Ids made on two nodes at once never collide, and one key+labels is
// created once however many nodes try.
func TestTwoNodesConcurrentCreates(t *testing.T) {
	a, b := twoNodes(t)
	const per = 30
	ids := make(chan string, 2*per)
	wins := make(chan int, 2*per)
	var wg sync.WaitGroup
	for n, s := range []*Service{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				kv, err := s.Create(context.Background(), CreateInput{Project: "default", Key: fmt.Sprintf("n%d-%d", n, i), Value: "v"})
				if err != nil {
					t.Error(err)
					return
				}
				ids <- kv.ID
				if _, err := s.Create(context.Background(), CreateInput{Project: "default", Key: "same", Value: "v"}); err == nil {
					wins <- n
				}
			}
		}()
	}
	wg.Wait()
	close(ids)
	close(wins)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %s made twice", id)
		}
		seen[id] = true
	}
	if len(wins) != 1 {
		t.Fatalf("key+labels created %d times across the nodes, want once", len(wins))
	}
}
