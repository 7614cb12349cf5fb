package badger

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

const (
	// watchBuffer is how many batches a watcher holds for a slow reader
	// before it stops reading the ring; past that, its lag is bounded by
	// the ring size, not by memory of its own.
	watchBuffer = 64
	// readChunk bounds how many batches a watcher copies out of the ring
	// per lock.
	readChunk = 128
)

// watcher is one running watch: a goroutine walking the hub's ring from a
// cursor and delivering what matches its prefix.
type watcher struct {
	hub    *hub
	prefix string
	cursor int64
	out    chan []store.Event

	mu  sync.Mutex
	err error
}

func (w *watcher) Events() <-chan []store.Event { return w.out }

func (w *watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Watch streams changes under prefix from revision fromRev; see store.Store.
func (e *Engine) Watch(ctx context.Context, prefix string, fromRev int64) (store.Watcher, error) {
	if err := e.enter(); err != nil {
		return nil, err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := store.ValidatePrefix(prefix); err != nil {
		return nil, err
	}
	if fromRev < 0 {
		return nil, fmt.Errorf("%w: negative revision %d", store.ErrInvalid, fromRev)
	}
	cursor, err := e.hub.start(fromRev)
	if err != nil {
		return nil, fmt.Errorf("watch %q from %d: %w", prefix, fromRev, err)
	}
	w := &watcher{hub: e.hub, prefix: prefix, cursor: cursor, out: make(chan []store.Event, watchBuffer)}
	e.watchers.Add(1)
	go func() {
		defer e.watchers.Done()
		w.finish(w.run(ctx))
	}()
	return w, nil
}

func (w *watcher) finish(err error) {
	w.mu.Lock()
	w.err = err
	w.mu.Unlock()
	close(w.out)
}

// run delivers batches until ctx ends (nil), the engine closes (ErrClosed)
// or the ring drops what the cursor still needed (ErrCompacted).
func (w *watcher) run(ctx context.Context) error {
	for {
		batches, wake, err := w.hub.since(w.cursor, readChunk)
		if err != nil {
			return fmt.Errorf("watcher on %q fell behind at revision %d: %w", w.prefix, w.cursor, err)
		}
		for _, b := range batches {
			if stop, err := w.deliver(ctx, b); stop {
				return err
			}
			w.cursor = b.rev + 1
		}
		if wake == nil {
			continue
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return nil
		case <-w.hub.done:
			return store.ErrClosed
		}
	}
}

// deliver sends the matching part of b; stop says the watch is over, with
// err as its reason.
func (w *watcher) deliver(ctx context.Context, b revBatch) (stop bool, err error) {
	events := w.filter(b.events)
	if len(events) == 0 {
		return false, nil
	}
	select {
	case w.out <- events:
		return false, nil
	case <-ctx.Done():
		return true, nil
	case <-w.hub.done:
		return true, store.ErrClosed
	}
}

// filter keeps the events under the prefix, as copies: several watchers
// share the ring and the caller may modify what it receives.
func (w *watcher) filter(events []store.Event) []store.Event {
	var out []store.Event
	for _, ev := range events {
		if !strings.HasPrefix(ev.KV.Key, w.prefix) {
			continue
		}
		ev.KV.Value = bytes.Clone(ev.KV.Value)
		if ev.PrevKV != nil {
			prev := *ev.PrevKV
			prev.Value = bytes.Clone(prev.Value)
			ev.PrevKV = &prev
		}
		out = append(out, ev)
	}
	return out
}
