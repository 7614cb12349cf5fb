package badger

import (
	"bytes"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// applyTxn evaluates one store transaction inside w. Outcomes the caller must
// hear about (failed guard, unknown lease) are recorded on j with nothing
// written; a returned error means Badger failed and w may be dirty.
func (w *write) applyTxn(j *job) error {
	j.reset()
	if err := w.e.leases.checkOps(j.txn.Then, time.Now()); err != nil {
		j.err = err
		return nil //nolint:nilerr // the caller's outcome, recorded on j; Badger did not fail
	}
	p := newPlan(w)
	ok, err := p.guardsHold(j.txn.If)
	if err != nil {
		return err
	}
	j.res = store.TxnResult{Succeeded: ok, Revision: w.rev}
	if !ok {
		return nil
	}
	for _, op := range j.txn.Then {
		if err := p.apply(op); err != nil {
			return err
		}
	}
	return p.stage(j)
}

// guardsHold evaluates every comparison against the current state.
func (p *plan) guardsHold(cmps []store.Cmp) (bool, error) {
	for _, c := range cmps {
		kv, err := p.get(c.Key)
		if err != nil {
			return false, err
		}
		if !holds(c, kv) {
			return false, nil
		}
	}
	return true, nil
}

// holds compares one guard with kv (nil: the key is absent).
func holds(c store.Cmp, kv *store.KV) bool {
	switch c.Target {
	case store.CmpModRevision:
		return c.Rev == modRev(kv)
	case store.CmpCreateRevision:
		return c.Rev == createRev(kv)
	case store.CmpValue:
		return kv != nil && bytes.Equal(kv.Value, c.Value)
	}
	return false
}

func modRev(kv *store.KV) int64 {
	if kv == nil {
		return 0
	}
	return kv.ModRevision
}

func createRev(kv *store.KV) int64 {
	if kv == nil {
		return 0
	}
	return kv.CreateRevision
}

// stage writes the plan into Badger and records its effects on j. A txn that
// changed nothing leaves the revision alone.
func (p *plan) stage(j *job) error {
	if len(p.events) == 0 {
		return nil
	}
	if err := p.write(); err != nil {
		return err
	}
	p.w.rev = p.rev
	j.res.Revision = p.rev
	j.wrote = true
	j.batch = revBatch{rev: p.rev, events: p.events}
	j.links = p.links()
	return nil
}
