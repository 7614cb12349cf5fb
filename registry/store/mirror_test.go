package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// copyOf is a mirror that can be made slow.
type copyOf struct {
	mu    sync.Mutex
	keys  map[string]bool
	loads int
	gate  chan struct{} // Apply waits on it while it is open
}

func (c *copyOf) Load(kvs []store.KV, _ int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loads++
	c.keys = map[string]bool{}
	for _, kv := range kvs {
		c.keys[kv.Key] = true
	}
}

func (c *copyOf) Apply(events []store.Event) {
	<-c.gate
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ev := range events {
		c.keys[ev.KV.Key] = ev.Type == store.EventPut
		if ev.Type == store.EventDelete {
			delete(c.keys, ev.KV.Key)
		}
	}
}

func (c *copyOf) state() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.keys), c.loads
}

// A mirror that falls behind the watch history lists again and ends up
// with exactly what the store holds.
func TestMirrorRelistsWhenItFallsBehind(t *testing.T) {
	st, err := badger.Open(badger.Options{InMemory: true, WatchHistory: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := &copyOf{gate: make(chan struct{})}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	done, err := store.StartMirror(ctx, st, "m/", m, log)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ { // far past the history and the watcher's buffer
		if _, err := st.Commit(ctx, store.Txn{Then: []store.Op{store.Put(fmt.Sprintf("m/%03d", i), []byte("v"))}}); err != nil {
			t.Fatal(err)
		}
	}
	close(m.gate)
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, loads := m.state()
		if n == 300 && loads >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("mirror holds %d keys after %d loads", n, loads)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
