package config

import (
	"context"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/feed"
)

// Listen is one config a long poll watches, with the md5 the client holds
// ("" when it has none).
type Listen struct {
	Key Key
	MD5 string
}

// Wait answers the indexes of listens whose config differs from the
// client's md5. It answers at once when one already differs or timeout is
// not positive; otherwise it waits until a listened config changes, ctx
// ends or timeout passes (then it answers nil). Waiting costs one map entry
// per listened key and the caller's goroutine; the feed wakes it.
func (s *Service) Wait(ctx context.Context, listens []Listen, timeout time.Duration) []int {
	return s.WaitFor(ctx, "", listens, timeout)
}

// WaitFor is Wait for a client at clientIP: the md5s it compares are the
// ones that client sees (a beta's when the beta lists it), and the client
// is one of the config's subscribers while it waits.
func (s *Service) WaitFor(ctx context.Context, clientIP string, listens []Listen, timeout time.Duration) []int {
	if changed := s.stale(clientIP, listens); len(changed) > 0 || timeout <= 0 {
		return changed
	}
	w := &waiter{wake: make(chan struct{}, 1), ip: clientIP, listens: listens}
	s.waiters.add(listens, w)
	defer s.waiters.remove(listens, w)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		// Check after registering: a change between the first check and
		// add has already reached the view, so it shows here.
		if changed := s.stale(clientIP, listens); len(changed) > 0 {
			return changed
		}
		select {
		case <-w.wake:
		case <-timer.C:
			return nil
		case <-ctx.Done():
			return nil
		}
	}
}

// stale answers the indexes whose md5 differs from the view's.
func (s *Service) stale(clientIP string, listens []Listen) []int {
	var out []int
	for i, l := range listens {
		if s.MD5For(clientIP, l.Key) != l.MD5 {
			out = append(out, i)
		}
	}
	return out
}

type waiter struct {
	wake    chan struct{}
	ip      string
	listens []Listen
}

// waiters indexes waiting long polls by the keys they listen to, so that a
// change touches only its own waiters however many others are waiting.
type waiters struct {
	mu    sync.Mutex
	byKey map[Key]map[*waiter]struct{}
	held  int // waiting long polls
}

// Waiting answers how many long polls are held now.
func (s *Service) Waiting() int {
	s.waiters.mu.Lock()
	defer s.waiters.mu.Unlock()
	return s.waiters.held
}

func newWaiters() *waiters { return &waiters{byKey: map[Key]map[*waiter]struct{}{}} }

func (ws *waiters) add(listens []Listen, w *waiter) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.held++
	for _, l := range listens {
		set := ws.byKey[l.Key]
		if set == nil {
			set = map[*waiter]struct{}{}
			ws.byKey[l.Key] = set
		}
		set[w] = struct{}{}
	}
}

func (ws *waiters) remove(listens []Listen, w *waiter) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.held--
	for _, l := range listens {
		if set := ws.byKey[l.Key]; set != nil {
			delete(set, w)
			if len(set) == 0 {
				delete(ws.byKey, l.Key)
			}
		}
	}
}

// dispatch wakes the waiters of every key the feed reports until ctx ends.
func (ws *waiters) dispatch(ctx context.Context, l *feed.Listener[Key]) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Wake():
			ws.wake(l.Drain())
		}
	}
}

func (ws *waiters) wake(keys []Key) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, k := range keys {
		for w := range ws.byKey[k] {
			select {
			case w.wake <- struct{}{}:
			default: // already signalled
			}
		}
	}
}
