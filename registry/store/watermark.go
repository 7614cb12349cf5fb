package store

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"
)

// Watermark is the revision a mirror has applied. Writers wait on it after
// a commit, so that they read their own writes from the mirror. The zero
// value is ready.
//
// Each writer waits for its own revision and is woken when that one is
// applied, not at every advance: when thousands of writers wait at once
// (a fleet of clients registering again after a restart), waking them all
// at every applied transaction cost each advance a pass over all of them.
type Watermark struct {
	mu      sync.Mutex
	applied int64
	notify  chan struct{} // closed when applied next advances; nil if nobody waits
	waiters waiterHeap    // Wait's, by revision
}

// waiter is one Wait: ch is closed once rev is applied.
type waiter struct {
	rev   int64
	ch    chan struct{}
	index int // in the heap; -1 once out of it
}

type waiterHeap []*waiter

func (h waiterHeap) Len() int           { return len(h) }
func (h waiterHeap) Less(i, j int) bool { return h[i].rev < h[j].rev }
func (h waiterHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waiterHeap) Push(x any) {
	wt := x.(*waiter)
	wt.index = len(*h)
	*h = append(*h, wt)
}
func (h *waiterHeap) Pop() any {
	old := *h
	wt := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	wt.index = -1
	return wt
}

// Load answers the applied revision.
func (w *Watermark) Load() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.applied
}

// Advance records that rev is applied; going back is ignored.
func (w *Watermark) Advance(rev int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if rev <= w.applied {
		return
	}
	w.applied = rev
	if w.notify != nil {
		close(w.notify)
		w.notify = nil
	}
	for len(w.waiters) > 0 && w.waiters[0].rev <= rev {
		close(heap.Pop(&w.waiters).(*waiter).ch)
	}
}

// Next answers a channel closed when the watermark next advances.
func (w *Watermark) Next() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.notify == nil {
		w.notify = make(chan struct{})
	}
	return w.notify
}

// Wait blocks until revision rev is applied or ctx ends.
func (w *Watermark) Wait(ctx context.Context, rev int64) error {
	w.mu.Lock()
	if w.applied >= rev {
		w.mu.Unlock()
		return nil
	}
	wt := &waiter{rev: rev, ch: make(chan struct{})}
	heap.Push(&w.waiters, wt)
	w.mu.Unlock()
	select {
	case <-wt.ch:
		return nil
	case <-ctx.Done():
		w.mu.Lock()
		defer w.mu.Unlock()
		if wt.index < 0 { // applied meanwhile
			return nil
		}
		heap.Remove(&w.waiters, wt.index)
		return ctx.Err()
	}
}

// CommitSeen commits txn and waits until the mirror behind seen has
// applied its revision, so that the writer then reads its own write (or,
// after a failed guard, what beat it) from the mirror. A commit error is
// the store's; a wait error is ctx's.
//
// After a failed guard the store answers its newest revision, which may
// be a write the mirror never sees (another prefix, or a delete of keys it
// did not hold): that wait is capped at UnseenCap, and the caller,
// which retries under guards anyway, reads the mirror as it is then.
func CommitSeen(ctx context.Context, st Store, seen *Watermark, txn Txn) (TxnResult, error) {
	res, err := st.Commit(ctx, txn)
	if err != nil {
		return res, err
	}
	if !res.Succeeded {
		capped, cancel := context.WithTimeout(ctx, UnseenCap)
		defer cancel()
		if err := seen.Wait(capped, res.Revision); err != nil && ctx.Err() != nil {
			return res, fmt.Errorf("wait for the view: %w", ctx.Err())
		}
		return res, nil
	}
	if err := seen.Wait(ctx, res.Revision); err != nil {
		return res, fmt.Errorf("wait for the view: %w", err)
	}
	return res, nil
}

// UnseenCap bounds a wait for a revision a mirror may never apply (the
// store's newest after a failed guard; a transaction that changed nothing
// under the mirror's prefix): a mirror applies a write within
// milliseconds, and one it will never see must not hold the writer.
const UnseenCap = 100 * time.Millisecond
