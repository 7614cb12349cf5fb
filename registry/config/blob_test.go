package config

import (
	"context"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// A 10 MiB content goes through the store in chunks and comes back whole:
// from the view, from history, and after a restart.
func TestLargeContent(t *testing.T) {
	s, st := newTestService(t)
	ctx := context.Background()
	big := strings.Repeat("0123456789abcdef", (10<<20)/16) // exactly 10 MiB
	c := publish(t, s, "", "G", "big", big)
	if c.Content != big || c.MD5 != MD5Hex(big) || c.Blob == nil || c.Blob.Chunks != 20 {
		t.Fatalf("published: md5 %s blob %+v len %d", c.MD5, c.Blob, len(c.Content))
	}
	// The stored record carries the reference only.
	kv, err := st.Get(ctx, itemKey(c.Key))
	if err != nil || len(kv.Value) > 1024 {
		t.Fatalf("stored item of %d bytes: %v", len(kv.Value), err)
	}
	// The same content elsewhere is stored once; a small update drops the blob.
	publish(t, s, "dev", "G", "twin", big)
	blobs, _, err := st.List(ctx, blobPrefix)
	if err != nil || len(blobs) != 21 {
		t.Fatalf("%d blob keys, want 20 chunks and a mark: %v", len(blobs), err)
	}
	publish(t, s, "", "G", "big", "small now")
	page, err := s.ListHistory(ctx, "", "G", "big", 1, 10)
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("history: %+v %v", page, err)
	}
	h, err := s.GetHistory(ctx, page.Items[0].NID) // the U record keeps the big one
	if err != nil || h.Content != big || h.Op != OpUpdate {
		t.Fatalf("history detail: op %v len %d %v", h.Op, len(h.Content), err)
	}
	if prev, err := s.PreviousHistory(ctx, c.ID); err != nil || prev.Content != big {
		t.Fatalf("previous: %v", err)
	}
	// A restart reads the blob back.
	s.Close()
	s2, err := New(ctx, st, Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.Get("dev", "G", "twin"); err != nil || got.Content != big {
		t.Fatalf("after restart: %v", err)
	}
	if got, err := s2.Get("", "G", "big"); err != nil || got.Content != "small now" || got.Blob != nil {
		t.Fatalf("after restart, the small one: %+v %v", got, err)
	}
}

// A content just over the inline limit takes the blob path; one at it does not.
func TestInlineLimit(t *testing.T) {
	s, _ := newTestService(t)
	at := publish(t, s, "", "G", "at", strings.Repeat("a", inlineMax))
	over := publish(t, s, "", "G", "over", strings.Repeat("a", inlineMax+1))
	if at.Blob != nil || over.Blob == nil || over.Blob.Chunks != 1 || len(over.Content) != inlineMax+1 {
		t.Fatalf("at: %+v; over: %+v", at.Blob, over.Blob)
	}
}

// A compare-and-set that cannot win writes no blob.
func TestLargeCasFailsBeforeTheBlob(t *testing.T) {
	s, st := newTestService(t)
	big := strings.Repeat("x", inlineMax*2)
	before := enginetest.State(t, st)
	if _, err := s.Publish(context.Background(), PublishInput{Group: "G", DataID: "d", Content: big, CasMD5: "nope"}); err == nil {
		t.Fatal("cas on a missing config succeeded")
	}
	if enginetest.State(t, st) != before {
		t.Fatal("a failed cas wrote")
	}
}
