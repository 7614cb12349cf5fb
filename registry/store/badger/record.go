package badger

import (
	"errors"
	"fmt"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// These helpers are the only code that knows a key may span two Badger
// records (see encodeValue).

// readKV decodes the record raw of key, joining its overflow tail if any.
func readKV(txn *bdg.Txn, key string, raw []byte) (store.KV, error) {
	kv, isSplit, err := decodeValue(key, raw)
	if err != nil || !isSplit {
		return kv, err
	}
	item, err := txn.Get(overflowKey(key))
	if errors.Is(err, bdg.ErrKeyNotFound) {
		return kv, fmt.Errorf("key %q: %w: overflow record missing", key, errCorrupt)
	}
	if err != nil {
		return kv, err
	}
	tail, err := item.ValueCopy(nil)
	kv.Value = append(kv.Value, tail...)
	return kv, err
}

// writeKV stores kv over prev (nil: absent).
func writeKV(btx *bdg.Txn, kv store.KV, prev *store.KV) error {
	record, tail := encodeValue(kv)
	if err := btx.Set(userKey(kv.Key), record); err != nil {
		return err
	}
	switch {
	case tail != nil:
		return btx.Set(overflowKey(kv.Key), tail)
	case prev != nil && split(*prev):
		return btx.Delete(overflowKey(kv.Key))
	}
	return nil
}

// deleteKV removes prev, the stored state of a key.
func deleteKV(btx *bdg.Txn, prev store.KV) error {
	if err := btx.Delete(userKey(prev.Key)); err != nil {
		return err
	}
	if split(prev) {
		return btx.Delete(overflowKey(prev.Key))
	}
	return nil
}
