package kie

import (
	"context"
	"testing"
	"time"
)

// poll runs Poll in the background and answers its result and when.
type pollResult struct {
	changed bool
	at      time.Time
}

func startPoll(s *Service, q *Query, rev int64, wait time.Duration) <-chan pollResult {
	done := make(chan pollResult, 1)
	go func() {
		ok := s.Poll(context.Background(), "default", q, rev, wait)
		done <- pollResult{ok, time.Now()}
	}()
	return done
}

func waitHeld(t *testing.T, s *Service, n int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for s.Waiting() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d polls held, want %d", s.Waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPollWithoutWait(t *testing.T) {
	s, _ := newTestService(t)
	kv := create(t, s, "k", "v", nil)
	q := &Query{}
	for _, c := range []struct {
		rev  int64
		want bool
	}{{NoRevision, true}, {0, true}, {kv.UpdateRevision, false}, {kv.UpdateRevision - 1, true}, {kv.UpdateRevision + 5, true}} {
		if got := s.Poll(context.Background(), "default", q, c.rev, 0); got != c.want {
			t.Errorf("revision %d: %v", c.rev, got)
		}
	}
}

func TestPollWakesOnMatchingChangeOnly(t *testing.T) {
	s, _ := newTestService(t)
	kv := create(t, s, "k", "v", map[string]string{"app": "shop"})
	q := &Query{Labels: map[string]string{"app": "shop"}}
	done := startPoll(s, q, kv.UpdateRevision, time.Minute)
	waitHeld(t, s, 1)
	create(t, s, "other", "v", map[string]string{"app": "else"}) // not matching: stays held
	select {
	case r := <-done:
		t.Fatalf("answered %v on a change it does not match", r.changed)
	case <-time.After(50 * time.Millisecond):
	}
	changed := time.Now()
	if _, err := s.Update(context.Background(), UpdateInput{Project: "default", ID: kv.ID, Value: ptr("v2")}); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if !r.changed || r.at.Sub(changed) > 100*time.Millisecond {
			t.Fatalf("woke %v after %v", r.changed, r.at.Sub(changed))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("not woken")
	}
	waitHeld(t, s, 0)
}

func TestPollWakesOnDeleteAndTimesOut(t *testing.T) {
	s, _ := newTestService(t)
	kv := create(t, s, "k", "v", nil)
	q := &Query{Key: KeyFilter{KeyExact, "k"}}
	done := startPoll(s, q, NoRevision, time.Minute)
	waitHeld(t, s, 1)
	if err := s.Delete(context.Background(), "default", kv.ID); err != nil {
		t.Fatal(err)
	}
	if r := <-done; !r.changed {
		t.Fatal("a delete of a matching kv did not wake")
	}
	start := time.Now()
	if s.Poll(context.Background(), "default", q, s.Revision("default"), 100*time.Millisecond) {
		t.Fatal("a poll without change answered changed")
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("answered after %v", d)
	}
	// A revision that moved while registering is answered at once.
	if !s.Poll(context.Background(), "default", q, 1, time.Minute) {
		t.Fatal("a stale revision was held")
	}
}
