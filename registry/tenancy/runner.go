package tenancy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/causeway-dev/causeway/registry/store"
)

// The job runner does the jobs of this node one at a time, in the order
// they were started. Each step is idempotent and its outcome is stored
// before the next begins, so a runner stopped mid-job resumes it at the
// step it was doing (resume).

// enqueue hands a job to the runner.
func (e *Engines) enqueue(id int64) {
	e.queueMu.Lock()
	e.queue = append(e.queue, id)
	e.inflight[id] = true
	e.queueMu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// resume queues every stored job that has not ended.
func (e *Engines) resume(ctx context.Context) error {
	kvs, _, err := e.st.List(ctx, JobPrefix)
	if err != nil {
		return fmt.Errorf("list engine jobs: %w", err)
	}
	var ids []int64
	for _, kv := range kvs {
		var j Job
		if err := json.Unmarshal(kv.Value, &j); err != nil {
			e.log.Warn("skipping unreadable engine job", "key", kv.Key, "err", err)
			continue
		}
		if !j.Done() {
			ids = append(ids, j.ID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		e.log.Info("resuming engine job", "job", id)
		e.enqueue(id)
	}
	return nil
}

func (e *Engines) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		}
		for {
			e.queueMu.Lock()
			if len(e.queue) == 0 {
				e.queueMu.Unlock()
				break
			}
			id := e.queue[0]
			e.queue = e.queue[1:]
			e.queueMu.Unlock()
			err := e.runJob(ctx, id)
			e.queueMu.Lock()
			if !slices.Contains(e.queue, id) {
				delete(e.inflight, id)
			}
			e.queueMu.Unlock()
			switch {
			case errors.Is(err, errTakenOver):
				e.log.Info("engine job runs elsewhere", "job", id)
			case err != nil && ctx.Err() == nil:
				e.log.Error("engine job runner", "job", id, "err", err)
			}
		}
	}
}

// runJob does the steps of a job that are not done yet. A failing step
// ends the job in Error and the engine in its failed status; Retry
// starts it again. Every save of the job is guarded on the revision this
// runner last wrote: when another node's runner took the job over (both
// resumed it at start), this one stops at its next save.
func (e *Engines) runJob(ctx context.Context, id int64) error {
	j, kv, err := e.loadJob(ctx, id)
	if err != nil || j.Done() {
		return err
	}
	rev := kv.ModRevision
	j.Status, j.Node = JobExecuting, e.node()
	for i := range j.Tasks {
		t := &j.Tasks[i]
		if t.Status == JobFinished {
			continue
		}
		t.Status, t.StartTime, t.UpdateTime = JobExecuting, e.nowMillis(), e.nowMillis()
		if err := e.saveJob(ctx, j, &rev); err != nil {
			return err
		}
		stepErr := e.step(ctx, j, t.Name)
		if ctx.Err() != nil {
			return ctx.Err() // stopped: the step runs again at the next start
		}
		t.EndTime, t.UpdateTime = e.nowMillis(), e.nowMillis()
		if stepErr != nil {
			return e.fail(ctx, j, t, stepErr, &rev)
		}
		t.Status = JobFinished
		if t.Name == stepIdentity || t.Name == stepAuth {
			j.Params.Password, j.Params.PasswordHash = "", "" // set: no longer kept
		}
		if err := e.saveJob(ctx, j, &rev); err != nil {
			return err
		}
	}
	if j.Type != JobDelete {
		if err := e.updateEngine(ctx, j.EngineID, func(en *Engine) { en.Status = StatusAvailable }); err != nil {
			return err
		}
	}
	j.Status, j.EndTime = JobFinished, e.nowMillis()
	if err := e.saveJob(ctx, j, &rev); err != nil {
		return err
	}
	e.pruneAfter(ctx, j)
	return nil
}

// fail records a failed step on the job and the engine.
func (e *Engines) fail(ctx context.Context, j *Job, t *Task, stepErr error, rev *int64) error {
	e.log.Warn("engine job step failed", "job", j.ID, "step", t.Name, "err", stepErr)
	t.Status, t.Log = JobError, stepErr.Error()
	j.Status, j.EndTime = JobError, e.nowMillis()
	_, failed := running(j.Type)
	if err := e.updateEngine(ctx, j.EngineID, func(en *Engine) { en.Status = failed }); err != nil {
		return err
	}
	if err := e.saveJob(ctx, j, rev); err != nil {
		return err
	}
	e.pruneAfter(ctx, j)
	return nil
}

// errTakenOver stops a runner whose job another runner saved since.
var errTakenOver = errors.New("job taken over by another runner")

// saveJob stores the job's progress if nobody else wrote it since *rev,
// and moves *rev on.
func (e *Engines) saveJob(ctx context.Context, j *Job, rev *int64) error {
	res, err := e.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(jobKey(j.ID), *rev)},
		Then: []store.Op{store.Put(jobKey(j.ID), mustJSON(j))}})
	if err != nil {
		return fmt.Errorf("save job %d: %w", j.ID, err)
	}
	if !res.Succeeded {
		return fmt.Errorf("job %d: %w", j.ID, errTakenOver)
	}
	*rev = res.Revision
	return nil
}
