package badger

import (
	"fmt"

	bdg "github.com/dgraph-io/badger/v4"
)

// write is one Badger transaction being filled by the committer.
type write struct {
	e   *Engine
	btx *bdg.Txn
	rev int64 // revision after the jobs applied so far
}

func (e *Engine) newWrite() *write {
	return &write{e: e, btx: e.db.NewTransaction(true), rev: e.committedRev}
}

func (w *write) discard() { w.btx.Discard() }

// commit persists the new revision with the data it describes.
func (w *write) commit() error {
	if w.rev != w.e.committedRev {
		if err := w.btx.Set(metaRevision, encodeInt(w.rev)); err != nil {
			return err
		}
	}
	return w.btx.Commit()
}

// runTxns commits store transactions, as many per Badger transaction as fit.
func (e *Engine) runTxns(jobs []*job) {
	for len(jobs) > 0 {
		jobs = jobs[e.commitTxns(jobs):]
	}
}

// commitTxns commits the longest prefix of jobs that applies cleanly in one
// Badger transaction and returns how many jobs it settled. When job i fails
// half-written (Badger refused it, typically as too big) the transaction is
// dirty, so the jobs before it are replayed alone and i is retried first in
// the next round, where failing again settles it with its error.
func (e *Engine) commitTxns(jobs []*job) int {
	w := e.newWrite()
	for i, j := range jobs {
		if err := w.applyTxn(j); err != nil {
			w.discard()
			if i == 0 {
				j.reset()
				j.err = mapErr("commit", err)
				settle(jobs[:1])
				return 1
			}
			return e.commitTxns(jobs[:i])
		}
	}
	e.finish(w, jobs)
	return len(jobs)
}

// finish commits w, fsyncs when a caller needs it, publishes the effects and
// wakes the callers. Nothing else writes to Badger between the commit and the
// fsync, so the fsync covers the write-ahead log that holds this commit.
func (e *Engine) finish(w *write, jobs []*job) {
	defer w.discard()
	if err := w.commit(); err != nil {
		failAll(jobs, mapErr("commit", err))
		settle(jobs)
		return
	}
	e.committedRev = w.rev
	var syncErr error
	if needsSync(jobs) && !e.opts.InMemory {
		syncErr = e.db.Sync()
	}
	e.publish(jobs)
	if syncErr != nil {
		err := fmt.Errorf("committed but not synced, it may be lost in a crash: %w", mapErr("sync", syncErr))
		for _, j := range jobs {
			if j.wrote && j.durable() && j.err == nil {
				j.err = err
			}
		}
	}
	settle(jobs)
}

func needsSync(jobs []*job) bool {
	for _, j := range jobs {
		if j.wrote && j.durable() {
			return true
		}
	}
	return false
}

// failAll reports a failed Badger commit to every job that had not failed on
// its own; none of their effects happened.
func failAll(jobs []*job, err error) {
	for _, j := range jobs {
		if j.err == nil {
			j.reset()
			j.err = err
		}
	}
}

// publish makes committed effects visible: lease bookkeeping, the revision
// and the watch events, in revision order.
func (e *Engine) publish(jobs []*job) {
	var batches []revBatch
	for _, j := range jobs {
		for _, l := range j.links {
			e.leases.link(l.key, l.from, l.to)
		}
		if j.onCommit != nil {
			j.onCommit()
		}
		if j.batch.rev != 0 {
			batches = append(batches, j.batch)
		}
	}
	e.rev.Store(e.committedRev)
	e.hub.publish(batches)
}

func settle(jobs []*job) {
	for _, j := range jobs {
		close(j.done)
	}
}
