package badger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// load checks the schema and rebuilds the in-memory state from disk: the
// revision, the lease counter, the leases (each with a fresh full TTL) and
// which keys hang on which lease.
func (e *Engine) load() error {
	if err := e.db.Update(checkSchema); err != nil {
		return mapErr("open", err)
	}
	err := e.db.View(func(txn *bdg.Txn) error {
		var err error
		if e.committedRev, err = readInt(txn, metaRevision); err != nil {
			return err
		}
		last, err := readInt(txn, metaLeaseNext)
		e.lastLease = store.LeaseID(last)
		if err != nil {
			return err
		}
		if err := e.loadLeases(txn); err != nil {
			return err
		}
		return e.loadLeaseKeys(txn)
	})
	return mapErr("open", err)
}

// checkSchema stamps a fresh directory and refuses one it cannot read.
func checkSchema(txn *bdg.Txn) error {
	item, err := txn.Get(metaSchema)
	if errors.Is(err, bdg.ErrKeyNotFound) {
		if !isEmpty(txn) {
			return fmt.Errorf("%w: directory holds data but no schema marker", ErrSchema)
		}
		return txn.Set(metaSchema, []byte(strconv.Itoa(schemaVersion)))
	}
	if err != nil {
		return err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	if v, err := strconv.Atoi(string(raw)); err != nil || v != schemaVersion {
		return fmt.Errorf("%w: data has schema %q, this binary reads only %d", ErrSchema, raw, schemaVersion)
	}
	return nil
}

func isEmpty(txn *bdg.Txn) bool {
	it := txn.NewIterator(bdg.IteratorOptions{})
	defer it.Close()
	it.Rewind()
	return !it.Valid()
}

// readInt reads a counter; a missing one is zero.
func readInt(txn *bdg.Txn, key []byte) (int64, error) {
	item, err := txn.Get(key)
	if errors.Is(err, bdg.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return 0, err
	}
	return decodeInt(string(key), raw)
}

func (e *Engine) loadLeases(txn *bdg.Txn) error {
	it := txn.NewIterator(bdg.IteratorOptions{Prefix: leasePrefix, PrefetchValues: true, PrefetchSize: 100})
	defer it.Close()
	now := time.Now()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) != len(leasePrefix)+8 {
			return fmt.Errorf("lease key %q: %w", k, errCorrupt)
		}
		raw, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		ttl, err := decodeTTL(raw)
		if err != nil {
			return err
		}
		id := store.LeaseID(binary.BigEndian.Uint64(k[len(leasePrefix):]))
		e.leases.add(id, ttl, now)
	}
	return nil
}

// loadLeaseKeys rebuilds the lease → keys index with one scan of the data.
func (e *Engine) loadLeaseKeys(txn *bdg.Txn) error {
	it := txn.NewIterator(bdg.IteratorOptions{Prefix: userPrefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		key := storeKey(it.Item().Key())
		var lease store.LeaseID
		err := it.Item().Value(func(v []byte) error {
			kv, _, err := decodeValue(key, v)
			lease = kv.Lease
			return err
		})
		if err != nil {
			return err
		}
		if lease != 0 && !e.leases.link(key, 0, lease) {
			e.log.Warn("badger engine: key attached to a missing lease; it will never expire",
				"key", key, "lease", lease)
		}
	}
	return nil
}
