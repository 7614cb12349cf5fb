package kie

import (
	"context"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/feed"
)

// MaxWait bounds a long poll, as kie does.
const MaxWait = 5 * time.Minute

// NoRevision says a list request carried no revision.
const NoRevision int64 = -1

// Poll decides whether a list request is answered with data (true) or
// "not modified" (false), holding it first when it asks to wait:
//
//   - a revision that differs from the project's (or 0, "I hold nothing",
//     as the seed tells clients to send first) is answered at once;
//   - the current revision is "not modified" at once without a wait, and
//     with one is held until a change q matches;
//   - no revision with a wait is held until a change q matches.
//
// A held request that sees no matching change before wait passes (or ctx
// ends) is "not modified".
func (s *Service) Poll(ctx context.Context, project string, q *Query, revision int64, wait time.Duration) bool {
	if revision != NoRevision && (revision == 0 || revision != s.Revision(project)) {
		return true
	}
	if wait <= 0 {
		return revision == NoRevision
	}
	// The feed delivers changes a moment after the view applied them, so
	// a waiter ignores those up to the revision it started from; one that
	// lands between that read and add shows in the check after add, and is
	// answered (perhaps needlessly: data is never a wrong answer).
	since := s.Revision(project)
	w := &waiter{q: q, since: since, wake: make(chan struct{}, 1)}
	s.waiters.add(project, w)
	defer s.waiters.remove(project, w)
	if s.Revision(project) != since || (revision != NoRevision && revision != since) {
		return true
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-w.wake:
		return true
	case <-timer.C:
		return false
	case <-ctx.Done():
		return false
	}
}

type waiter struct {
	q     *Query
	since int64 // changes at or before this revision are not news
	wake  chan struct{}
}

// waiters indexes held long polls by project, so that a change touches
// only its own project's waiters; each is woken only when its query
// matches the kv before or after the change.
type waiters struct {
	mu        sync.Mutex
	byProject map[string]map[*waiter]struct{}
	held      int
}

func newWaiters() *waiters { return &waiters{byProject: map[string]map[*waiter]struct{}{}} }

// Waiting answers how many long polls are held now.
func (s *Service) Waiting() int {
	s.waiters.mu.Lock()
	defer s.waiters.mu.Unlock()
	return s.waiters.held
}

func (ws *waiters) add(project string, w *waiter) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.held++
	set := ws.byProject[project]
	if set == nil {
		set = map[*waiter]struct{}{}
		ws.byProject[project] = set
	}
	set[w] = struct{}{}
}

func (ws *waiters) remove(project string, w *waiter) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.held--
	if set := ws.byProject[project]; set != nil {
		delete(set, w)
		if len(set) == 0 {
			delete(ws.byProject, project)
		}
	}
}

// dispatch wakes the waiters of every change the feed reports until ctx
// ends.
func (ws *waiters) dispatch(ctx context.Context, l *feed.Listener[*Change]) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Wake():
			ws.wake(l.Drain())
		}
	}
}

func (ws *waiters) wake(changes []*Change) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	for _, c := range changes {
		for w := range ws.byProject[c.Project] {
			if c.Revision <= w.since || (!w.q.Matches(c.Old) && !w.q.Matches(c.New)) {
				continue
			}
			select {
			case w.wake <- struct{}{}:
			default: // already signalled
			}
		}
	}
}
