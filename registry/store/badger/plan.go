package badger

import (
	"errors"
	"slices"
	"strings"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// plan computes the effect of one transaction's ops before anything is
// written, so a transaction touching a key twice sees its own earlier ops
// and a failure while reading leaves Badger untouched.
type plan struct {
	w       *write
	rev     int64                // the revision this transaction would get
	base    map[string]*store.KV // state before the txn; nil: absent
	overlay map[string]*store.KV // state after the ops so far; nil: deleted
	events  []store.Event
}

// leaseLink records that key moved from one lease to another (0: none).
type leaseLink struct {
	key      string
	from, to store.LeaseID
}

func newPlan(w *write) *plan {
	return &plan{w: w, rev: w.rev + 1, base: map[string]*store.KV{}, overlay: map[string]*store.KV{}}
}

// get returns the current state of key in this txn; nil when absent.
func (p *plan) get(key string) (*store.KV, error) {
	if kv, ok := p.overlay[key]; ok {
		return kv, nil
	}
	if kv, ok := p.base[key]; ok {
		return kv, nil
	}
	kv, err := p.w.get(key)
	if err != nil {
		return nil, err
	}
	p.base[key] = kv
	return kv, nil
}

func (p *plan) apply(op store.Op) error {
	switch op.Type {
	case store.OpPut:
		return p.put(op)
	case store.OpDelete:
		return p.del(op.Key)
	case store.OpDeletePrefix:
		return p.deletePrefix(op.Key)
	}
	return nil // unreachable: validateOp refused it
}

func (p *plan) put(op store.Op) error {
	prev, err := p.get(op.Key)
	if err != nil {
		return err
	}
	value := append(make([]byte, 0, len(op.Value)), op.Value...) // the caller keeps its buffer
	kv := &store.KV{Key: op.Key, Value: value, CreateRevision: p.rev, ModRevision: p.rev, Lease: op.Lease}
	if prev != nil {
		kv.CreateRevision = prev.CreateRevision
	}
	p.overlay[op.Key] = kv
	p.events = append(p.events, store.Event{Type: store.EventPut, KV: *kv, PrevKV: prev})
	return nil
}

func (p *plan) del(key string) error {
	prev, err := p.get(key)
	if err != nil || prev == nil {
		return err
	}
	p.overlay[key] = nil
	p.events = append(p.events, store.Event{Type: store.EventDelete,
		KV: store.KV{Key: key, ModRevision: p.rev}, PrevKV: prev})
	return nil
}

// deletePrefix deletes, in key order, what is stored under prefix plus what
// this txn put there.
func (p *plan) deletePrefix(prefix string) error {
	kvs, err := p.w.scan(prefix)
	if err != nil {
		return err
	}
	var keys []string
	for _, kv := range kvs {
		if _, ok := p.base[kv.Key]; !ok {
			p.base[kv.Key] = kv
		}
		keys = append(keys, kv.Key)
	}
	for k, kv := range p.overlay {
		if kv != nil && strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if err := p.del(k); err != nil {
			return err
		}
	}
	return nil
}

// write puts the final state of every touched key into the Badger txn.
func (p *plan) write() error {
	for k, kv := range p.overlay {
		var err error
		switch prev := p.base[k]; {
		case kv != nil:
			err = writeKV(p.w.btx, *kv, prev)
		case prev != nil:
			err = deleteKV(p.w.btx, *prev)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// links lists the lease changes of the touched keys.
func (p *plan) links() []leaseLink {
	var links []leaseLink
	for k, kv := range p.overlay {
		var from, to store.LeaseID
		if b := p.base[k]; b != nil {
			from = b.Lease
		}
		if kv != nil {
			to = kv.Lease
		}
		if from != to {
			links = append(links, leaseLink{key: k, from: from, to: to})
		}
	}
	return links
}

// get reads key through the Badger txn, which sees the writes of earlier
// transactions of the same group. nil means absent.
func (w *write) get(key string) (*store.KV, error) {
	item, err := w.btx.Get(userKey(key))
	if errors.Is(err, bdg.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	kv, err := readKV(w.btx, key, raw)
	return &kv, err
}

// scan reads every key under prefix through the Badger txn.
func (w *write) scan(prefix string) ([]*store.KV, error) {
	var kvs []*store.KV
	err := iterate(w.btx, prefix, func(kv store.KV) error {
		kvs = append(kvs, &kv)
		return nil
	})
	return kvs, err
}
