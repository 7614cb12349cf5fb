package config

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

func TestBetaServedToListedIPsOnly(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	formal := publish(t, s, "", "G", "d", "formal")
	b, err := s.PublishBeta(ctx, PublishInput{Group: "G", DataID: "d", Content: "beta", Type: "yaml"}, " 10.0.0.1, 10.0.0.2,,10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if b.BetaIPs() != "10.0.0.1,10.0.0.2" || b.MD5 != MD5Hex("beta") || b.Type != "yaml" {
		t.Fatalf("beta %+v", b)
	}
	for ip, want := range map[string]string{"10.0.0.1": "beta", "10.0.0.2": "beta", "10.0.0.3": "formal", "": "formal"} {
		c, beta, err := s.GetFor(ip, "public", "G", "d")
		if err != nil || c.Content != want || beta != (want == "beta") {
			t.Fatalf("ip %q: %+v %v %v", ip, c, beta, err)
		}
	}
	if got, _ := s.Get("", "G", "d"); got.Content != "formal" || got.MD5 != formal.MD5 {
		t.Fatalf("formal config changed: %+v", got)
	}
	// A beta client's long poll compares with the beta's md5.
	if got := s.WaitFor(ctx, "10.0.0.1", []Listen{{Key: NewKey("", "G", "d"), MD5: formal.MD5}}, 0); len(got) != 1 {
		t.Fatalf("beta client holding the formal md5 is not stale: %v", got)
	}
	if got := s.WaitFor(ctx, "10.0.0.9", []Listen{{Key: NewKey("", "G", "d"), MD5: formal.MD5}}, 0); len(got) != 0 {
		t.Fatalf("formal client stale: %v", got)
	}

	// Persisted: a new service over the same store sees it.
	s2, err := New(ctx, st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.GetBeta("public", "G", "d"); err != nil || got.Content != "beta" || got.BetaIPs() != "10.0.0.1,10.0.0.2" {
		t.Fatalf("after restart: %+v %v", got, err)
	}

	// Stopping wakes the beta client's long poll and serves it the formal config.
	woke := make(chan []int, 1)
	go func() {
		woke <- s.WaitFor(ctx, "10.0.0.1", []Listen{{Key: NewKey("", "G", "d"), MD5: b.MD5}}, time.Minute)
	}()
	waitFor(t, func() bool { subs, _ := s.Subscribers("", "G", "d"); return subs["10.0.0.1"] == b.MD5 })
	if err := s.StopBeta(ctx, "", "G", "d"); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-woke:
		if len(got) != 1 {
			t.Fatalf("woke with %v", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not wake the beta client")
	}
	if c, beta, _ := s.GetFor("10.0.0.1", "", "G", "d"); beta || c.Content != "formal" {
		t.Fatalf("after stop: %+v %v", c, beta)
	}
	if _, err := s.GetBeta("", "G", "d"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("stopped beta: %v", err)
	}
	if err := s.StopBeta(ctx, "", "G", "d"); err != nil {
		t.Fatalf("stopping twice: %v", err)
	}
}

func TestBetaWithoutFormalConfig(t *testing.T) {
	s, _ := newTestService(t)
	if _, err := s.PublishBeta(context.Background(), PublishInput{Group: "G", DataID: "only", Content: "b"}, "1.2.3.4"); err != nil {
		t.Fatal(err)
	}
	if c, beta, err := s.GetFor("1.2.3.4", "", "G", "only"); err != nil || !beta || c.Content != "b" {
		t.Fatalf("%+v %v %v", c, beta, err)
	}
	if _, _, err := s.GetFor("1.2.3.5", "", "G", "only"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("other client: %v", err)
	}
}

func TestBetaBadInputWritesNothing(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	cases := []struct {
		name string
		in   PublishInput
		ips  string
		kind registry.Kind
	}{
		{"no ips", PublishInput{Group: "G", DataID: "d", Content: "c"}, " , ", registry.KindInvalid},
		{"ips too long", PublishInput{Group: "G", DataID: "d", Content: "c"}, strings.Repeat("1.1.1.1,", 200), registry.KindInvalid},
		{"bad data id", PublishInput{Group: "G", DataID: "a/b", Content: "c"}, "1.1.1.1", registry.KindInvalid},
		{"no content", PublishInput{Group: "G", DataID: "d"}, "1.1.1.1", registry.KindMissing},
	}
	for _, tc := range cases {
		if _, err := s.PublishBeta(ctx, tc.in, tc.ips); err == nil || (registry.KindOf(err) != tc.kind && registry.KindOf(err) != registry.KindInvalid) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	kvs, _, err := st.List(ctx, betaPrefix)
	if err != nil || len(kvs) != 0 {
		t.Fatalf("written: %v %v", kvs, err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
