package store

import (
	"context"
	"fmt"
	"sync"
)

// Watermark is the revision a mirror has applied. Writers wait on it after
// a commit, so that they read their own writes from the mirror. The zero
// value is ready.
type Watermark struct {
	mu      sync.Mutex
	applied int64
	notify  chan struct{} // closed when applied next advances; nil if nobody waits
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
	for {
		ch := w.Next()
		if w.Load() >= rev {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// CommitSeen commits txn and waits until the mirror behind seen has
// applied its revision, so that the writer then reads its own write (or,
// after a failed guard, what beat it) from the mirror. A commit error is
// the store's; a wait error is ctx's.
func CommitSeen(ctx context.Context, st Store, seen *Watermark, txn Txn) (TxnResult, error) {
	res, err := st.Commit(ctx, txn)
	if err != nil {
		return res, err
	}
	if err := seen.Wait(ctx, res.Revision); err != nil {
		return res, fmt.Errorf("wait for the view: %w", err)
	}
	return res, nil
}
