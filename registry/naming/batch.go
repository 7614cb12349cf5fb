package naming

import (
	"context"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// BatchMetadata merges md into (or, with remove, deletes its keys from) the
// metadata of every instance of service k that match selects, and answers the
// instances it changed. The whole batch is one transaction guarded on every
// instance it read: it applies entirely or, after a race, is read again.
func (r *Registry) BatchMetadata(ctx context.Context, k ServiceKey, selects func(*Instance) bool,
	md map[string]string, remove bool) ([]*Instance, error) {
	for attempt := 0; attempt < maxAttempts; attempt++ {
		_, all, exists := r.idx.snapshot(k)
		if !exists {
			return nil, serviceNotFound(k)
		}
		txn, changed, err := r.batchTxn(all, selects, md, remove)
		if err != nil || len(changed) == 0 {
			return nil, err
		}
		ok, err := r.commit(ctx, txn)
		if err != nil {
			return nil, err
		}
		if ok {
			return changed, nil
		}
		if err := r.catchUp(ctx); err != nil {
			return nil, err
		}
	}
	return nil, registry.Conflict("batch metadata")
}

func (r *Registry) batchTxn(all []*Instance, selects func(*Instance) bool, md map[string]string,
	remove bool) (store.Txn, []*Instance, error) {
	var txn store.Txn
	txn.Durability = store.Relaxed
	var changed []*Instance
	for _, in := range all {
		if !selects(in) {
			continue
		}
		next := *in
		next.Metadata = cloneMap(in.Metadata)
		for key, v := range md {
			if remove {
				delete(next.Metadata, key)
			} else {
				next.Metadata[key] = v
			}
		}
		if err := ValidateInstance(&next); err != nil {
			return txn, nil, err
		}
		next.ModifiedAt = r.nowMillis()
		val, err := encode(&next)
		if err != nil {
			return txn, nil, err
		}
		key := instanceStoreKey(in.Ref())
		txn.If = append(txn.If, store.Unchanged(key, in.Revision))
		txn.Then = append(txn.Then, store.Put(key, val))
		if !in.Ephemeral {
			txn.Durability = store.Sync
		}
		changed = append(changed, in)
	}
	return txn, changed, nil
}
