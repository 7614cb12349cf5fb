package tenancy

import (
	"context"
	"encoding/json"
	"time"
)

// Membership is what the job runner needs of the cluster
// (registry/cluster's Cluster): which node this is, which nodes are
// members, and which one of them owns a key.
type Membership interface {
	Node() string
	Alive(node string) bool
	Owns(key string) bool
}

// A job is done by the runner of the node that started it. When that node
// leaves the cluster mid-job (it died, or stopped for good), one survivor
// takes the job over without waiting for the node to come back: the
// owner of the job's key among the members, as naming's orphans are
// swept. Every runner saves a job guarded on its own last save, so a node
// that comes back to a job taken over stops at its next save. A scan every
// TakeOverInterval finds such jobs, and also this node's own unfinished
// jobs that its runner no longer holds (a step's store failure ends the
// run).

func (e *Engines) node() string {
	if e.opts.Cluster == nil {
		return ""
	}
	return e.opts.Cluster.Node()
}

func (e *Engines) watchLeavers(ctx context.Context) {
	if e.opts.Cluster == nil {
		return
	}
	tick := time.NewTicker(e.opts.TakeOverInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			e.takeOver(ctx)
		}
	}
}

// takeOver queues the unfinished jobs this node should run and does not:
// its own, and those of a node that is no member any more whose keys this
// node owns.
func (e *Engines) takeOver(ctx context.Context) {
	kvs, _, err := e.st.List(ctx, JobPrefix)
	if err != nil {
		if ctx.Err() == nil {
			e.log.Warn("engine job takeover: list jobs", "err", err)
		}
		return
	}
	m, self := e.opts.Cluster, e.node()
	if self == "" {
		return // not joined yet: this node owns nothing
	}
	for _, kv := range kvs {
		var j Job
		if json.Unmarshal(kv.Value, &j) != nil || j.Done() {
			continue
		}
		mine := j.Node == self
		if !mine && (j.Node != "" && m.Alive(j.Node) || !m.Owns(kv.Key)) {
			continue
		}
		if e.enqueueIdle(j.ID) && !mine {
			e.log.Info("taking over the engine job of a node that left", "job", j.ID, "node", j.Node)
		}
	}
}

// enqueueIdle queues a job unless it is queued or running here already.
func (e *Engines) enqueueIdle(id int64) bool {
	e.queueMu.Lock()
	busy := e.inflight[id]
	e.queueMu.Unlock()
	if busy {
		return false
	}
	e.enqueue(id)
	return true
}
