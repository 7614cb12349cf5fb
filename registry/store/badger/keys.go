package badger

import (
	"encoding/binary"

	"github.com/causeway-dev/causeway/registry/store"
)

// schemaVersion is the on-disk layout this code writes and understands. Bump
// it, and the "c1/" prefix with it, when the layout changes incompatibly.
const schemaVersion = 1

var (
	userPrefix    = []byte("c1/")
	metaSchema    = []byte("meta/schema")
	metaRevision  = []byte("meta/rev")
	metaLeaseNext = []byte("meta/lease-next")
	leasePrefix   = []byte("meta/lease/")
	// overflowPrefix holds the tails of values too big for one record;
	// outside userPrefix so listings never see them.
	overflowPrefix = []byte("x1/")
)

// userKey maps a store key to its Badger key.
func userKey(key string) []byte {
	b := make([]byte, 0, len(userPrefix)+len(key))
	return append(append(b, userPrefix...), key...)
}

func overflowKey(key string) []byte {
	b := make([]byte, 0, len(overflowPrefix)+len(key))
	return append(append(b, overflowPrefix...), key...)
}

// storeKey maps a Badger key under userPrefix back to the store key.
func storeKey(k []byte) string { return string(k[len(userPrefix):]) }

// leaseKey names the record of one lease; big-endian keeps them ordered.
func leaseKey(id store.LeaseID) []byte {
	b := make([]byte, len(leasePrefix)+8)
	copy(b, leasePrefix)
	binary.BigEndian.PutUint64(b[len(leasePrefix):], uint64(id))
	return b
}
