package config

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// twoNodes builds two config centres over one store, as two processes on
// one etcd: each sees the other's writes only through its watch.
func twoNodes(t *testing.T) (a, b *Service, st store.Store) {
	t.Helper()
	st = twonodes.Store(t)
	for _, n := range []**Service{&a, &b} {
		s, err := New(context.Background(), st, Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		*n = s
	}
	return a, b, st
}

// Every read of node B shows what node A wrote, and A reads its own
// writes at once.
func TestTwoNodesReadsFollowTheOtherNodesWrites(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		write func(t *testing.T, a *Service)
		seen  func(b *Service) bool // B's view shows the write
	}{
		{"publish", func(t *testing.T, a *Service) { publish(t, a, "", "G", "p", "v1") },
			func(b *Service) bool { c, err := b.Get("", "G", "p"); return err == nil && c.Content == "v1" }},
		{"update", func(t *testing.T, a *Service) { publish(t, a, "", "G", "u", "v1"); publish(t, a, "", "G", "u", "v2") },
			func(b *Service) bool { c, err := b.Get("", "G", "u"); return err == nil && c.Content == "v2" }},
		{"delete", func(t *testing.T, a *Service) {
			publish(t, a, "", "G", "d", "v1")
			if err := a.Delete(ctx, "", "G", "d", "u"); err != nil {
				t.Fatal(err)
			}
		}, func(b *Service) bool { _, err := b.Get("", "G", "d"); return err != nil }},
		{"count and search", func(t *testing.T, a *Service) { publish(t, a, "ns1", "G", "s", "v1") },
			func(b *Service) bool {
				page, err := b.Search(Query{Tenant: "ns1", Group: "G", DataID: "s", PageNo: 1, PageSize: 10})
				return b.Count("ns1") == 1 && err == nil && len(page.Items) == 1
			}},
		{"metadata", func(t *testing.T, a *Service) {
			publish(t, a, "", "G", "m", "v1")
			if _, err := a.UpdateMetadata(ctx, "", "G", "m", "desc", "t1", "u"); err != nil {
				t.Fatal(err)
			}
		}, func(b *Service) bool { c, err := b.Get("", "G", "m"); return err == nil && c.Desc == "desc" }},
		{"large content (blob)", func(t *testing.T, a *Service) { publish(t, a, "", "G", "big", string(make([]byte, inlineMax+1))) },
			func(b *Service) bool {
				c, err := b.Get("", "G", "big")
				return err == nil && len(c.Content) == inlineMax+1
			}},
		{"beta", func(t *testing.T, a *Service) {
			if _, err := a.PublishBeta(ctx, PublishInput{Group: "G", DataID: "b", Content: "beta"}, "10.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}, func(b *Service) bool {
			c, beta, err := b.GetFor("10.0.0.1", "", "G", "b")
			return err == nil && beta && c.Content == "beta"
		}},
		{"stop beta", func(t *testing.T, a *Service) {
			if _, err := a.PublishBeta(ctx, PublishInput{Group: "G", DataID: "sb", Content: "beta"}, "10.0.0.1"); err != nil {
				t.Fatal(err)
			}
			if err := a.StopBeta(ctx, "", "G", "sb"); err != nil {
				t.Fatal(err)
			}
		}, func(b *Service) bool { _, err := b.GetBeta("", "G", "sb"); return err != nil }},
	}
	a, b, _ := twoNodes(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.write(t, a)
			if !tc.seen(a) {
				t.Fatal("the writer does not read its own write")
			}
			twonodes.Eventually(t, tc.name, func() bool { return tc.seen(b) })
		})
	}
}

// History is read from the store: records A wrote are listed and found by
// nid on B, and B's ids agree with A's.
func TestTwoNodesHistoryAndIDs(t *testing.T) {
	ctx := context.Background()
	a, b, _ := twoNodes(t)
	c := publish(t, a, "", "G", "h", "v1")
	publish(t, a, "", "G", "h", "v2")
	page, err := b.ListHistory(ctx, "", "G", "h", 1, 10)
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("B lists A's history: %+v %v", page, err)
	}
	if h, err := b.GetHistory(ctx, page.Items[0].NID); err != nil || h.Content != "v1" {
		t.Fatalf("B reads A's history record: %+v %v", h, err)
	}
	twonodes.Eventually(t, "B finds the config by A's id", func() bool {
		got := b.ByID(c.ID)
		return got != nil && got.Content == "v2"
	})
}

// A long poll held on B wakes for a publish on A, and so does B's change
// feed (gRPC listeners).
func TestTwoNodesWakeLongPollsAndFeed(t *testing.T) {
	a, b, _ := twoNodes(t)
	first := publish(t, a, "", "G", "w", "v1")
	twonodes.Eventually(t, "B sees v1", func() bool { return b.MD5For("", first.Key) == first.MD5 })
	l := b.Changes().Listen()
	defer l.Close()
	woke := make(chan []int, 1)
	go func() {
		woke <- b.Wait(context.Background(), []Listen{{Key: first.Key, MD5: first.MD5}}, twonodes.Settle)
	}()
	twonodes.Eventually(t, "the long poll is held on B", func() bool { return b.Waiting() == 1 })
	publish(t, a, "", "G", "w", "v2")
	select {
	case got := <-woke:
		if len(got) != 1 {
			t.Fatalf("long poll on B answered %v, want the changed config", got)
		}
	case <-time.After(twonodes.Settle):
		t.Fatal("a long poll on B never woke for a publish on A")
	}
	select {
	case <-l.Wake():
	case <-time.After(twonodes.Settle):
		t.Fatal("B's change feed never heard of A's publish")
	}
}

// Ids allocated on two nodes at once never collide: config ids, history
// nids and beta ids.
func TestTwoNodesConcurrentIDsNeverCollide(t *testing.T) {
	ctx := context.Background()
	a, b, _ := twoNodes(t)
	const per = 40
	var wg sync.WaitGroup
	errs := make(chan error, 4*per)
	for n, s := range []*Service{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				id := fmt.Sprintf("n%d-%d", n, i)
				if _, err := s.Publish(ctx, PublishInput{Group: "G", DataID: id, Content: "v"}); err != nil {
					errs <- err
				}
				if _, err := s.PublishBeta(ctx, PublishInput{Group: "G", DataID: id, Content: "b"}, "10.0.0.1"); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	configIDs, betaIDs, nids := map[int64]string{}, map[int64]string{}, map[int64]bool{}
	for n := range 2 {
		for i := range per {
			id := fmt.Sprintf("n%d-%d", n, i)
			twonodes.Eventually(t, id, func() bool { _, err := a.GetBeta("", "G", id); return err == nil })
			c, _ := a.Get("", "G", id)
			beta, _ := a.GetBeta("", "G", id)
			if other, dup := configIDs[c.ID]; dup {
				t.Errorf("config id %d of %s and %s", c.ID, id, other)
			}
			if other, dup := betaIDs[beta.ID]; dup {
				t.Errorf("beta id %d of %s and %s", beta.ID, id, other)
			}
			configIDs[c.ID], betaIDs[beta.ID] = id, id
			page, err := a.ListHistory(ctx, "", "G", id, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range page.Items {
				if nids[h.NID] {
					t.Errorf("history nid %d twice", h.NID)
				}
				nids[h.NID] = true
			}
		}
	}
}

// Nacos's listener query (which clients listen to a config) asks every
// member of the cluster. Here each node knows only the long polls and gRPC
// listens it holds itself.
func TestTwoNodesSubscribersSpanTheCluster(t *testing.T) {
	t.Skip("left: subscribers are the long polls and gRPC listens held by this node; a cluster-wide answer needs " +
		"membership (ask the other members, or publish listens to the store under a node lease), which the lead is building")
	a, b, _ := twoNodes(t)
	c := publish(t, a, "", "G", "l", "v1")
	go b.WaitFor(context.Background(), "10.0.0.9", []Listen{{Key: c.Key, MD5: c.MD5}}, twonodes.Settle)
	twonodes.Eventually(t, "A reports B's subscriber", func() bool {
		subs, _ := a.Subscribers("", "G", "l")
		return subs["10.0.0.9"] == c.MD5
	})
}
