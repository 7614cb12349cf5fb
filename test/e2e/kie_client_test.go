package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	kieclient "github.com/go-chassis/kie-client"
)

// The real go-chassis/kie-client v0.2.0 against the real binary: create,
// get, list with a revision (the second list with the answered revision
// is "not modified"), a long poll that sees a change made while it is
// held, and delete, all through the client's own API.
func TestKieClient(t *testing.T) {
	s := start(t, "", "--auth=false")
	c, err := kieclient.NewClient(kieclient.Config{Endpoint: s.url("")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	labels := map[string]string{"app": "shop", "environment": "dev"}

	kv, err := c.Create(ctx, kieclient.KVRequest{Key: "timeout", Value: "3s", Labels: labels})
	if err != nil || kv.ID == "" || kv.Value != "3s" || kv.UpdateRevision == 0 {
		t.Fatalf("create: %+v %v", kv, err)
	}
	if _, err := c.Create(ctx, kieclient.KVRequest{Key: "timeout", Value: "again", Labels: labels}); err == nil || err.Error() == "" {
		t.Fatalf("duplicate create answered %v", err)
	}
	got, err := c.Get(ctx, kv.ID)
	if err != nil || got.Key != "timeout" || got.Labels["app"] != "shop" {
		t.Fatalf("get: %+v %v", got, err)
	}

	list, rev, err := c.List(ctx, kieclient.WithLabels(labels), kieclient.WithExact())
	if err != nil || list.Total != 1 || len(list.Data) != 1 || list.Data[0].ID != kv.ID || rev != int(kv.UpdateRevision) {
		t.Fatalf("list: %+v rev %d %v", list, rev, err)
	}
	if _, _, err := c.List(ctx, kieclient.WithLabels(labels), kieclient.WithRevision(rev)); !errors.Is(err, kieclient.ErrNoChanges) {
		t.Fatalf("list at the current revision: %v, want ErrNoChanges", err)
	}

	type polled struct {
		resp *kieclient.KVResponse
		rev  int
		err  error
		at   time.Time
	}
	done := make(chan polled, 1)
	go func() {
		r, n, err := c.List(ctx, kieclient.WithLabels(map[string]string{"app": "shop"}),
			kieclient.WithRevision(rev), kieclient.WithWait("20s"))
		done <- polled{r, n, err, time.Now()}
	}()
	time.Sleep(300 * time.Millisecond) // let the poll be held
	select {
	case p := <-done:
		t.Fatalf("the poll answered before any change: %+v", p)
	default:
	}
	changed := time.Now()
	if _, err := c.Put(ctx, kieclient.KVRequest{ID: kv.ID, Key: "timeout", Value: "5s", Labels: labels}); err != nil {
		t.Fatalf("put: %v", err)
	}
	select {
	case p := <-done:
		if p.err != nil || p.resp.Total != 1 || p.resp.Data[0].Value != "5s" || p.rev <= rev {
			t.Fatalf("long poll: %+v rev %d %v", p.resp, p.rev, p.err)
		}
		if d := p.at.Sub(changed); d > 2*time.Second {
			t.Fatalf("the poll woke %v after the change", d)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the long poll did not see the change")
	}

	if err := c.Delete(ctx, kv.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.Get(ctx, kv.ID); err == nil {
		t.Fatal("get after delete succeeded")
	}
	a, _ := c.Create(ctx, kieclient.KVRequest{Key: "a", Value: "1"})
	b, _ := c.Create(ctx, kieclient.KVRequest{Key: "b", Value: "1"})
	if a == nil || b == nil {
		t.Fatal("create a and b failed")
	}
	if err := c.Delete(ctx, a.ID+","+b.ID); err != nil {
		t.Fatalf("delete many: %v", err)
	}
	if list, _, err := c.List(ctx); err != nil || list.Total != 0 {
		t.Fatalf("list after delete many: %+v %v", list, err)
	}
}
