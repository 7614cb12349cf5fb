package badger

import (
	"context"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// maxGroup bounds how many queued jobs one Badger transaction may carry, so
// the first caller of a group does not wait behind an unbounded queue.
const maxGroup = 512

type jobKind int

const (
	jobTxn    jobKind = iota // a store transaction; batched with its neighbours
	jobGrant                 // the others run alone, see process
	jobRevoke                // explicit Revoke
	jobExpire                // revocation by the lease loop
	jobGC                    // one round of value log GC
)

// job is one unit of work for the committer.
type job struct {
	kind  jobKind
	txn   store.Txn
	lease store.LeaseID
	ttl   time.Duration
	done  chan struct{}

	// Results, read by the submitter after done is closed.
	res store.TxnResult
	id  store.LeaseID
	err error

	// Effects staged while applying, made visible only once Badger committed.
	wrote    bool     // something was written for this job
	batch    revBatch // its events; rev 0 when none
	links    []leaseLink
	onCommit func()
}

// reset forgets what a previous attempt staged; a job may be applied twice
// when its group is split (see commitTxns).
func (j *job) reset() {
	j.res, j.id, j.err = store.TxnResult{}, 0, nil
	j.wrote, j.batch, j.links, j.onCommit = false, revBatch{}, nil, nil
}

// durable reports whether the job's caller waits for fsync.
func (j *job) durable() bool {
	switch j.kind {
	case jobTxn:
		return j.txn.Durability == store.Sync
	case jobGrant, jobRevoke:
		return true
	}
	// An expiry lost in a crash is redone after restart; GC writes nothing
	// the caller waits for.
	return false
}

// submit hands j to the committer and waits for it. The caller holds enter(),
// so the committer is running and will settle j.
func (e *Engine) submit(j *job) {
	j.done = make(chan struct{})
	e.jobs <- j
	<-j.done
}

// Commit applies a transaction atomically; see store.Store.
func (e *Engine) Commit(ctx context.Context, txn store.Txn) (store.TxnResult, error) {
	if err := e.enter(); err != nil {
		return store.TxnResult{}, err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return store.TxnResult{}, err
	}
	if err := store.ValidateTxn(txn); err != nil {
		return store.TxnResult{}, err
	}
	// Once queued the txn will be applied, so ctx is not watched any more:
	// returning early would hide the outcome from the caller.
	j := &job{kind: jobTxn, txn: txn}
	e.submit(j)
	return j.res, j.err
}

// runCommitter is the only writer. It takes whatever is queued as one group.
func (e *Engine) runCommitter() {
	defer close(e.committerDone)
	group := make([]*job, 0, maxGroup)
	for j := range e.jobs {
		group = append(group[:0], j)
		group = e.drain(group)
		e.process(group)
	}
}

func (e *Engine) drain(group []*job) []*job {
	for len(group) < maxGroup {
		select {
		case j, ok := <-e.jobs:
			if !ok {
				return group
			}
			group = append(group, j)
		default:
			return group
		}
	}
	return group
}

// process runs a group in arrival order. Store transactions share Badger
// transactions; lease and GC jobs run alone because they read and change the
// in-memory lease table, which only reflects committed data.
func (e *Engine) process(group []*job) {
	start := 0
	for i, j := range group {
		if j.kind == jobTxn {
			continue
		}
		e.runTxns(group[start:i])
		e.runAlone(j)
		start = i + 1
	}
	e.runTxns(group[start:])
}

func (e *Engine) runAlone(j *job) {
	switch j.kind {
	case jobGrant:
		e.applyGrant(j)
	case jobRevoke, jobExpire:
		e.applyRevoke(j)
	case jobGC:
		e.applyGC(j)
	}
}
