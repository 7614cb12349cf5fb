package badger

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// Engine is a store.Store backed by Badger. Create it with Open.
type Engine struct {
	db   *bdg.DB
	opts Options
	log  *slog.Logger

	// life guards against use after Close: every public method holds it
	// shared for its whole duration, Close takes it exclusively once.
	life   sync.RWMutex
	closed bool

	jobs          chan *job
	committerDone chan struct{}
	// Owned by the committer goroutine (and Open, before it starts).
	committedRev int64
	lastLease    store.LeaseID

	rev    atomic.Int64 // last revision whose events are published
	leases leaseTable
	hub    *hub

	stopLoops context.CancelFunc
	loops     sync.WaitGroup
	watchers  sync.WaitGroup
}

var _ store.Store = (*Engine)(nil)

// Open opens (or creates) a store and starts its background work.
func Open(opts Options) (*Engine, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	db, err := bdg.Open(opts.badgerOptions())
	if err != nil {
		return nil, fmt.Errorf("badger open %q: %w", opts.Dir, err)
	}
	e := &Engine{db: db, opts: opts, log: opts.Logger, jobs: make(chan *job, maxGroup),
		committerDone: make(chan struct{}), leases: newLeaseTable()}
	if err := e.load(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	e.hub = newHub(opts.WatchHistory, opts.WatchHistoryBytes, e.committedRev)
	e.rev.Store(e.committedRev)
	e.start()
	return e, nil
}

// start launches the committer and the periodic loops.
func (e *Engine) start() {
	go e.runCommitter()
	ctx, cancel := context.WithCancel(context.Background())
	e.stopLoops = cancel
	e.loops.Add(1)
	go e.leaseLoop(ctx)
	if !e.opts.InMemory { // Badger has no value log GC in memory
		e.loops.Add(1)
		go e.gcLoop(ctx)
	}
}

// enter marks the start of a public call; the caller must exit() after.
func (e *Engine) enter() error {
	e.life.RLock()
	if e.closed {
		e.life.RUnlock()
		return store.ErrClosed
	}
	return nil
}

func (e *Engine) exit() { e.life.RUnlock() }

// Revision is the current store revision.
func (e *Engine) Revision() int64 { return e.rev.Load() }

// Close waits for calls in flight, stops background work, ends every watch
// with store.ErrClosed and closes Badger. Calling it again does nothing.
func (e *Engine) Close() error {
	e.life.Lock()
	if e.closed {
		e.life.Unlock()
		return nil
	}
	e.closed = true
	e.life.Unlock()

	e.stopLoops()
	e.loops.Wait()
	close(e.jobs) // nobody can submit any more: every caller has exited
	<-e.committerDone
	e.hub.close()
	e.watchers.Wait()
	return mapErr("close", e.db.Close())
}
