package config

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestWaitStaleAnswersAtOnce(t *testing.T) {
	s, _ := newTestService(t)
	c := publish(t, s, "", "G", "d", "v1")
	listens := []Listen{
		{Key: NewKey("", "G", "d"), MD5: c.MD5},
		{Key: NewKey("", "G", "missing"), MD5: ""},
		{Key: NewKey("public", "G", "d"), MD5: "stale"},
	}
	start := time.Now()
	got := s.Wait(context.Background(), listens, time.Minute)
	if time.Since(start) > time.Second || len(got) != 1 || got[0] != 2 {
		t.Fatalf("got %v after %v", got, time.Since(start))
	}
	// A missing config the client believes exists is stale too.
	got = s.Wait(context.Background(), []Listen{{Key: NewKey("", "G", "missing"), MD5: "x"}}, time.Minute)
	if len(got) != 1 {
		t.Fatalf("missing config with md5: %v", got)
	}
}

func TestWaitWakesOnChange(t *testing.T) {
	s, _ := newTestService(t)
	c := publish(t, s, "", "G", "d", "v1")
	type result struct {
		got  []int
		woke time.Time
	}
	done := make(chan result, 1)
	go func() {
		got := s.Wait(context.Background(), []Listen{{Key: NewKey("", "G", "d"), MD5: c.MD5}}, time.Minute)
		done <- result{got, time.Now()}
	}()
	deadline := time.Now().Add(2 * time.Second)
	for s.Waiting() != 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	select {
	case got := <-done:
		t.Fatalf("answered before a change: %v", got)
	default:
	}
	if n := s.Waiting(); n != 1 {
		t.Fatalf("Waiting() = %d while one poll is held", n)
	}
	published := time.Now()
	publish(t, s, "", "G", "d", "v2")
	select {
	case r := <-done:
		if len(r.got) != 1 || r.got[0] != 0 {
			t.Fatalf("got %v", r.got)
		}
		if d := r.woke.Sub(published); d > 100*time.Millisecond {
			t.Fatalf("woke %v after the publish", d)
		}
		if n := s.Waiting(); n != 0 {
			t.Fatalf("Waiting() = %d after the answer", n)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("not woken")
	}
}

func TestWaitTimeoutAndOtherKeys(t *testing.T) {
	s, _ := newTestService(t)
	c := publish(t, s, "", "G", "d", "v1")
	go func() {
		time.Sleep(20 * time.Millisecond)
		// Not listened: no answer.
		_, _ = s.Publish(context.Background(), PublishInput{Group: "G", DataID: "other", Content: "x"})
	}()
	start := time.Now()
	got := s.Wait(context.Background(), []Listen{{Key: NewKey("", "G", "d"), MD5: c.MD5}}, 200*time.Millisecond)
	if got != nil || time.Since(start) < 200*time.Millisecond {
		t.Fatalf("got %v after %v", got, time.Since(start))
	}
	if n := len(s.waiters.byKey); n != 0 {
		t.Fatalf("%d keys still have waiters", n)
	}
	// No timeout: a check, no hold.
	if got := s.Wait(context.Background(), []Listen{{Key: NewKey("", "G", "d"), MD5: c.MD5}}, 0); got != nil {
		t.Fatalf("no-hangup: %v", got)
	}
}

func TestWaitManyWaiters(t *testing.T) {
	s, _ := newTestService(t)
	const n = 2000
	var wg sync.WaitGroup
	results := make(chan int, n)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := NewKey("", "G", fmt.Sprintf("d%d", i%10))
			results <- len(s.Wait(ctx, []Listen{{Key: k}}, time.Minute))
		}()
	}
	time.Sleep(100 * time.Millisecond)
	publish(t, s, "", "G", "d3", "x")
	for range n / 10 {
		select {
		case r := <-results:
			if r != 1 {
				t.Fatalf("woken with %d changes", r)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("waiters of d3 not woken")
		}
	}
	select {
	case <-results:
		t.Fatal("a waiter of another key woke")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	wg.Wait()
}
