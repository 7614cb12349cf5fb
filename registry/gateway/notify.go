package gateway

import "sync"

// changeFeed tells listeners which gateways changed (the gateway record or
// any of its routes), after the view has applied the change. Each listener
// has a coalescing set: a slow listener sees a gateway once however often
// it changed meanwhile, and the view never waits for anyone.
type changeFeed struct {
	mu   sync.Mutex
	subs map[*Subscription]struct{}
}

// Subscription receives the keys of changed gateways.
type Subscription struct {
	feed    *changeFeed
	mu      sync.Mutex
	pending map[Key]struct{}
	wake    chan struct{}
}

// Wake is signalled when Drain has something.
func (l *Subscription) Wake() <-chan struct{} { return l.wake }

// Drain answers the gateways changed since the last call.
func (l *Subscription) Drain() []Key {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Key, 0, len(l.pending))
	for k := range l.pending {
		out = append(out, k)
	}
	clear(l.pending)
	return out
}

// Close stops the listener.
func (l *Subscription) Close() {
	l.feed.mu.Lock()
	delete(l.feed.subs, l)
	l.feed.mu.Unlock()
}

func (f *changeFeed) listen() *Subscription {
	l := &Subscription{feed: f, pending: map[Key]struct{}{}, wake: make(chan struct{}, 1)}
	f.mu.Lock()
	if f.subs == nil {
		f.subs = map[*Subscription]struct{}{}
	}
	f.subs[l] = struct{}{}
	f.mu.Unlock()
	return l
}

func (f *changeFeed) publish(keys map[Key]struct{}) {
	if len(keys) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for l := range f.subs {
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
