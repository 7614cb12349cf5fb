package etcd

import (
	"context"
	"fmt"
	"slices"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/causeway-dev/causeway/registry/store"
)

// Commit applies a transaction as one etcd Txn.
func (e *Engine) Commit(ctx context.Context, txn store.Txn) (store.TxnResult, error) {
	if err := e.check(); err != nil {
		return store.TxnResult{}, err
	}
	if err := store.ValidateTxn(txn); err != nil {
		return store.TxnResult{}, err
	}
	if n := e.txnBytes(txn); n > e.maxTxn {
		return store.TxnResult{}, fmt.Errorf("%w: transaction of %d bytes exceeds etcd's request limit of %d", store.ErrInvalid, n, e.maxTxn)
	}
	ops := e.fold(txn.Then)
	if n := max(len(txn.If), len(ops)); n > e.maxOps {
		return store.TxnResult{}, fmt.Errorf("%w: transaction of %d guards and %d ops exceeds etcd's --max-txn-ops of %d",
			store.ErrInvalid, len(txn.If), len(ops), e.maxOps)
	}
	cmps := make([]clientv3.Cmp, 0, len(txn.If))
	for _, c := range txn.If {
		cmps = append(cmps, e.cmp(c))
	}
	// Durability needs no mapping: etcd acknowledges a write only once a
	// quorum has it on disk, so Relaxed is Sync.
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	resp, err := e.cli.Txn(ctx).If(cmps...).Then(ops...).Commit()
	if err != nil {
		return store.TxnResult{}, e.fail("commit", err)
	}
	return store.TxnResult{Succeeded: resp.Succeeded, Revision: e.observe(resp.Header.Revision)}, nil
}

// txnBytes counts what dominates the size of the etcd request: the prefixed
// keys and the values.
func (e *Engine) txnBytes(txn store.Txn) int {
	n := 0
	for _, c := range txn.If {
		n += len(e.prefix) + len(c.Key) + len(c.Value)
	}
	for _, op := range txn.Then {
		n += len(e.prefix) + len(op.Key) + len(op.Value)
	}
	return n
}

func (e *Engine) cmp(c store.Cmp) clientv3.Cmp {
	k := e.key(c.Key)
	switch c.Target {
	case store.CmpModRevision:
		return clientv3.Compare(clientv3.ModRevision(k), "=", storeRev(c.Rev))
	case store.CmpCreateRevision:
		return clientv3.Compare(clientv3.CreateRevision(k), "=", storeRev(c.Rev))
	default: // store.CmpValue; validateTxn refuses anything else
		return clientv3.Compare(clientv3.Value(k), "=", string(c.Value))
	}
}

// planned is one op of the folded plan: a put of key, or a delete of the
// range [key, end) (end "" for one key, "\x00" for every key from key on).
type planned struct {
	put   bool
	key   string
	end   string
	value []byte
	lease store.LeaseID
}

// covers says whether the delete range p holds key k.
func (p planned) covers(k string) bool {
	switch p.end {
	case "":
		return k == p.key
	case "\x00":
		return k >= p.key
	}
	return k >= p.key && k < p.end
}

// fold turns the contract's ordered ops into a set etcd accepts (no key put
// twice, no put inside a deleted range) with the same outcome: a put or
// delete replaces an earlier put of the same key, and a range delete keeps
// out the keys put after it.
func (e *Engine) fold(ops []store.Op) []clientv3.Op {
	var plan []planned
	for _, op := range ops {
		p := planned{key: e.key(op.Key), value: op.Value, lease: op.Lease}
		switch op.Type {
		case store.OpPut:
			p.put = true
			plan = slices.DeleteFunc(plan, func(q planned) bool { return q.put && q.key == p.key })
		case store.OpDelete:
			plan = slices.DeleteFunc(plan, func(q planned) bool { return q.put && q.key == p.key })
		case store.OpDeletePrefix:
			p.end = clientv3.GetPrefixRangeEnd(p.key)
			plan = slices.DeleteFunc(plan, func(q planned) bool { return q.put && p.covers(q.key) })
		}
		plan = append(plan, p)
	}
	out := make([]clientv3.Op, 0, len(plan))
	for i, p := range plan {
		if p.put {
			var opts []clientv3.OpOption
			if p.lease != 0 {
				opts = append(opts, clientv3.WithLease(clientv3.LeaseID(p.lease)))
			}
			out = append(out, clientv3.OpPut(p.key, string(p.value), opts...))
			continue
		}
		// Keys put later in the txn are cut out of this delete.
		var later []string
		for _, q := range plan[i+1:] {
			if q.put && p.covers(q.key) {
				later = append(later, q.key)
			}
		}
		slices.Sort(later)
		start := p.key
		for _, k := range later {
			if start < k {
				out = append(out, clientv3.OpDelete(start, clientv3.WithRange(k)))
			}
			start = k + "\x00"
		}
		switch {
		case len(later) == 0 && p.end == "":
			out = append(out, clientv3.OpDelete(p.key))
		case p.end == "":
			// The one key is put later: nothing left to delete.
		case p.end == "\x00" || start < p.end:
			out = append(out, clientv3.OpDelete(start, clientv3.WithRange(p.end)))
		}
	}
	return out
}
