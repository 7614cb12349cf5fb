package badger

import (
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/store"
)

// revBatch is the events of one transaction. Published batches are never
// modified: watchers share them and copy what they deliver.
type revBatch struct {
	rev    int64
	events []store.Event
}

// size is what the batch's events hold: keys and values, new and previous.
func (b revBatch) size() int {
	n := 0
	for _, ev := range b.events {
		n += len(ev.KV.Key) + len(ev.KV.Value)
		if ev.PrevKV != nil {
			n += len(ev.PrevKV.Key) + len(ev.PrevKV.Value)
		}
	}
	return n
}

// hub keeps the recent history for watches: a ring of the batches of the
// last `limit` events (at most `byteLimit` bytes of them), trimmed from the
// front as new ones arrive.
type hub struct {
	mu        sync.RWMutex
	batches   []revBatch
	events    int
	bytes     int
	limit     int
	byteLimit int
	compacted int64         // newest revision no longer kept
	rev       int64         // newest revision published
	wake      chan struct{} // closed and replaced on every publish
	done      chan struct{} // closed when the engine closes
	closed    bool
}

// newHub starts with no history: after a restart nothing up to rev can be
// replayed.
func newHub(limit, byteLimit int, rev int64) *hub {
	return &hub{limit: limit, byteLimit: byteLimit, compacted: rev, rev: rev,
		wake: make(chan struct{}), done: make(chan struct{})}
}

// publish appends the batches of one commit and wakes the watchers.
func (h *hub) publish(batches []revBatch) {
	if len(batches) == 0 {
		return // lease grants and GC: nothing to watch
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, b := range batches {
		h.batches = append(h.batches, b)
		h.events += len(b.events)
		h.bytes += b.size()
	}
	h.trim()
	h.rev = batches[len(batches)-1].rev
	close(h.wake)
	h.wake = make(chan struct{})
}

// trim drops the oldest batches beyond the limit; the newest batch stays
// even when it alone is larger.
func (h *hub) trim() {
	for (h.events > h.limit || h.bytes > h.byteLimit) && len(h.batches) > 1 {
		h.events -= len(h.batches[0].events)
		h.bytes -= h.batches[0].size()
		h.compacted = h.batches[0].rev
		h.batches[0] = revBatch{} // let the events go before the array does
		h.batches = h.batches[1:]
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// start resolves where a new watch begins; ErrCompacted when its history is
// gone.
func (h *hub) start(fromRev int64) (int64, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	switch {
	case h.closed:
		return 0, store.ErrClosed
	case fromRev == 0:
		return h.rev + 1, nil
	case fromRev <= h.compacted:
		return 0, store.ErrCompacted
	}
	return fromRev, nil
}

// since returns up to max batches at or after revision cursor, or the
// channel to wait on when there are none. ErrCompacted means the batches
// the cursor points at were trimmed away.
func (h *hub) since(cursor int64, max int) ([]revBatch, <-chan struct{}, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if cursor <= h.compacted {
		return nil, nil, store.ErrCompacted
	}
	i := sort.Search(len(h.batches), func(i int) bool { return h.batches[i].rev >= cursor })
	if i == len(h.batches) {
		return nil, h.wake, nil
	}
	end := min(len(h.batches), i+max)
	return append([]revBatch(nil), h.batches[i:end]...), nil, nil
}
