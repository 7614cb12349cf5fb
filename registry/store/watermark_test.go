package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

func TestWatermark(t *testing.T) {
	var w store.Watermark
	done := make(chan error, 1)
	go func() { done <- w.Wait(context.Background(), 5) }()
	w.Advance(3)
	select {
	case <-done:
		t.Fatal("woke before revision 5")
	case <-time.After(20 * time.Millisecond):
	}
	w.Advance(6)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	w.Advance(2) // going back is ignored
	if w.Load() != 6 {
		t.Fatalf("applied %d", w.Load())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Wait(ctx, 100); err == nil {
		t.Fatal("a cancelled wait returned nil")
	}
}
