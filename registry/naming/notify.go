package naming

import (
	"sync"
)

// changeFeed tells listeners which services changed, after the index has
// applied the change. Each listener has a coalescing set: a slow listener
// sees a service once however often it changed meanwhile, and the index
// never waits for anyone.
type changeFeed struct {
	mu        sync.Mutex
	listeners map[*Listener]struct{}
}

// Listener receives the keys of changed services.
type Listener struct {
	feed    *changeFeed
	mu      sync.Mutex
	pending map[ServiceKey]struct{}
	wake    chan struct{}
}

// Wake is signalled when Drain has something.
func (l *Listener) Wake() <-chan struct{} { return l.wake }

// Drain answers the services changed since the last call.
func (l *Listener) Drain() []ServiceKey {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]ServiceKey, 0, len(l.pending))
	for k := range l.pending {
		out = append(out, k)
	}
	clear(l.pending)
	return out
}

// Close stops the listener.
func (l *Listener) Close() {
	l.feed.mu.Lock()
	delete(l.feed.listeners, l)
	l.feed.mu.Unlock()
}

func (f *changeFeed) listen() *Listener {
	l := &Listener{feed: f, pending: map[ServiceKey]struct{}{}, wake: make(chan struct{}, 1)}
	f.mu.Lock()
	if f.listeners == nil {
		f.listeners = map[*Listener]struct{}{}
	}
	f.listeners[l] = struct{}{}
	f.mu.Unlock()
	return l
}

func (f *changeFeed) publish(keys map[ServiceKey]struct{}) {
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

// Listen subscribes to service changes; Close the listener when done.
func (r *Registry) Listen() *Listener { return r.idx.feed.listen() }
