// Package feed tells listeners which keys changed, coalescing: a slow
// listener sees a key once however often it changed meanwhile, and the
// publisher never waits for anyone. The registry's services and gateways
// publish their changes through it after their in-memory views applied them.
package feed

import (
	"context"
	"sync"
)

// Feed publishes changed keys to its listeners. The zero value is ready.
type Feed[K comparable] struct {
	mu        sync.Mutex
	listeners map[*Listener[K]]struct{}
}

// Listener receives the keys that changed.
type Listener[K comparable] struct {
	feed    *Feed[K]
	mu      sync.Mutex
	pending map[K]struct{}
	wake    chan struct{}
}

// Listen subscribes; Close the listener when done.
func (f *Feed[K]) Listen() *Listener[K] {
	l := &Listener[K]{feed: f, pending: map[K]struct{}{}, wake: make(chan struct{}, 1)}
	f.mu.Lock()
	if f.listeners == nil {
		f.listeners = map[*Listener[K]]struct{}{}
	}
	f.listeners[l] = struct{}{}
	f.mu.Unlock()
	return l
}

// Publish tells every listener that keys changed.
func (f *Feed[K]) Publish(keys map[K]struct{}) {
	if len(keys) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for l := range f.listeners {
		l.mu.Lock()
		for k := range keys {
			l.pending[k] = struct{}{}
		}
		l.mu.Unlock()
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
}

// Wake is signalled when Drain has something.
func (l *Listener[K]) Wake() <-chan struct{} { return l.wake }

// Drain answers the keys changed since the last call.
func (l *Listener[K]) Drain() []K {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]K, 0, len(l.pending))
	for k := range l.pending {
		out = append(out, k)
	}
	clear(l.pending)
	return out
}

// Close stops the listener.
func (l *Listener[K]) Close() {
	l.feed.mu.Lock()
	delete(l.feed.listeners, l)
	l.feed.mu.Unlock()
}

// Each calls f with every key l hears of, until ctx ends, and then closes
// l. A slow f delays the keys after it but loses none: they coalesce
// meanwhile.
func Each[K comparable](ctx context.Context, l *Listener[K], f func(K)) {
	defer l.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Wake():
			for _, k := range l.Drain() {
				f(k)
			}
		}
	}
}
