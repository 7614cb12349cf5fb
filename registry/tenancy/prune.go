package tenancy

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/causeway-dev/causeway/registry/store"
)

// KeepJobs is how many ended jobs an engine keeps: the job list is the
// engine's recent history, not an audit log, and every job record is read
// at start. A deleted engine keeps only its Delete job, for a client that
// follows it.
const KeepJobs = 50

// prune deletes the ended jobs of an engine past the newest keep. A job
// under way is never pruned.
func (e *Engines) prune(ctx context.Context, engineID string, keep int) error {
	kvs, _, err := e.st.List(ctx, JobPrefix)
	if err != nil {
		return fmt.Errorf("list engine jobs: %w", err)
	}
	var ended []int64
	for _, kv := range kvs {
		var j Job
		if json.Unmarshal(kv.Value, &j) == nil && j.EngineID == engineID && j.Done() {
			ended = append(ended, j.ID)
		}
	}
	if len(ended) <= keep {
		return nil
	}
	sort.Slice(ended, func(a, b int) bool { return ended[a] > ended[b] })
	old := ended[keep:]
	for len(old) > 0 { // in chunks: a store caps the operations of a transaction
		n := min(len(old), 64)
		ops := make([]store.Op, n)
		for i, id := range old[:n] {
			ops[i] = store.Delete(jobKey(id))
		}
		if _, err := e.st.Commit(ctx, store.Txn{Then: ops}); err != nil {
			return fmt.Errorf("prune jobs of engine %s: %w", engineID, err)
		}
		old = old[n:]
	}
	return nil
}

// pruneAfter prunes the jobs of j's engine once j has ended; a failure
// only leaves old jobs for the next time.
func (e *Engines) pruneAfter(ctx context.Context, j *Job) {
	keep := KeepJobs
	if j.Type == JobDelete && j.Status == JobFinished {
		keep = 1
	}
	if err := e.prune(ctx, j.EngineID, keep); err != nil {
		e.log.Warn("engine jobs not pruned", "engine", j.EngineID, "err", err)
	}
}
