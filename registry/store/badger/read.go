package badger

import (
	"context"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// Get reads one key; store.ErrNotFound when it is absent.
func (e *Engine) Get(ctx context.Context, key string) (store.KV, error) {
	if err := e.enter(); err != nil {
		return store.KV{}, err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return store.KV{}, err
	}
	if err := store.ValidateKey(key); err != nil {
		return store.KV{}, err
	}
	var kv store.KV
	err := e.db.View(func(txn *bdg.Txn) error {
		item, err := txn.Get(userKey(key))
		if err != nil {
			return err
		}
		raw, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		kv, err = readKV(txn, key, raw)
		return err
	})
	return kv, mapErr("get", err)
}

// List reads every key under prefix in order, with the revision it reflects.
// The revision is read in the same Badger transaction as the keys, and the
// committer writes both in one transaction, so they always agree.
func (e *Engine) List(ctx context.Context, prefix string) ([]store.KV, int64, error) {
	if err := e.enter(); err != nil {
		return nil, 0, err
	}
	defer e.exit()
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if err := store.ValidatePrefix(prefix); err != nil {
		return nil, 0, err
	}
	var kvs []store.KV
	var rev int64
	err := e.db.View(func(txn *bdg.Txn) error {
		var err error
		if rev, err = readInt(txn, metaRevision); err != nil {
			return err
		}
		return iterate(txn, prefix, func(kv store.KV) error {
			kvs = append(kvs, kv)
			return ctx.Err() // a huge listing should stop when nobody waits
		})
	})
	if err != nil {
		return nil, 0, mapErr("list", err)
	}
	return kvs, rev, nil
}

// iterate calls fn with every key under prefix, in key order. The KVs own
// their memory.
func iterate(txn *bdg.Txn, prefix string, fn func(store.KV) error) error {
	it := txn.NewIterator(bdg.IteratorOptions{Prefix: userKey(prefix), PrefetchValues: true, PrefetchSize: 100})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		raw, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		kv, err := readKV(txn, storeKey(item.Key()), raw)
		if err != nil {
			return err
		}
		if err := fn(kv); err != nil {
			return err
		}
	}
	return nil
}
