// Package store defines the key-value contract every storage engine of Causeway
// implements: revisioned keys, compare-and-set transactions, prefix listing,
// watches that resume from a revision, and TTL leases.
//
// The shape follows etcd's v3 model on purpose, so that an etcd engine can be
// dropped in beside the embedded Badger engine without any caller changing.
// Every successful write transaction advances the store's single revision
// counter by one; each key remembers the revision that created it and the one
// that last changed it.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors callers must tell apart. Engines map their own errors onto these once,
// at their boundary; everything else is wrapped and treated as internal.
var (
	// ErrNotFound: the key does not exist.
	ErrNotFound = errors.New("store: key not found")
	// ErrCompacted: a watch asked for history the engine no longer keeps;
	// the watcher must list again and watch from the listed revision.
	ErrCompacted = errors.New("store: revision compacted")
	// ErrLeaseNotFound: the lease expired or was never granted.
	ErrLeaseNotFound = errors.New("store: lease not found")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrInvalid: a key, value or argument is not acceptable to the store.
	ErrInvalid = errors.New("store: invalid argument")
)

// LeaseID names a lease; zero means "no lease".
type LeaseID int64

// KV is one stored key with its revisions.
type KV struct {
	Key            string
	Value          []byte
	CreateRevision int64 // revision of the write that created the key
	ModRevision    int64 // revision of the last write to the key
	Lease          LeaseID
}

// EventType says what happened to a key.
type EventType int

// Event types.
const (
	EventPut EventType = iota + 1
	EventDelete
)

func (t EventType) String() string {
	switch t {
	case EventPut:
		return "PUT"
	case EventDelete:
		return "DELETE"
	}
	return "UNKNOWN"
}

// Event is one change seen by a watch. For a delete, KV holds the key, the
// revision of the delete in ModRevision, and no value; PrevKV holds the value
// before the change when there was one.
type Event struct {
	Type   EventType
	KV     KV
	PrevKV *KV
}

// CmpTarget is what a comparison looks at.
type CmpTarget int

// Comparison targets.
const (
	// CmpModRevision compares the key's ModRevision; a missing key has 0.
	CmpModRevision CmpTarget = iota + 1
	// CmpCreateRevision compares the key's CreateRevision; a missing key has 0.
	CmpCreateRevision
	// CmpValue compares the raw value bytes; a missing key never matches.
	CmpValue
)

// Cmp is a guard of a transaction: all guards must hold for its ops to apply.
// Only equality is needed by the registry; it keeps engines simple.
type Cmp struct {
	Key    string
	Target CmpTarget
	Rev    int64  // for revision targets
	Value  []byte // for CmpValue
}

// Helpers that read like the intent.

// Absent guards that key does not exist.
func Absent(key string) Cmp { return Cmp{Key: key, Target: CmpCreateRevision, Rev: 0} }

// Unchanged guards that key still has the given ModRevision (0: still absent).
func Unchanged(key string, modRev int64) Cmp {
	return Cmp{Key: key, Target: CmpModRevision, Rev: modRev}
}

// OpType says what an Op does.
type OpType int

// Op types.
const (
	OpPut OpType = iota + 1
	OpDelete
	// OpDeletePrefix deletes every key under Key.
	OpDeletePrefix
)

// Op is one write of a transaction.
type Op struct {
	Type  OpType
	Key   string
	Value []byte
	Lease LeaseID
}

// Put builds a put op.
func Put(key string, value []byte) Op { return Op{Type: OpPut, Key: key, Value: value} }

// PutWithLease builds a put op whose key is deleted when the lease expires.
func PutWithLease(key string, value []byte, lease LeaseID) Op {
	return Op{Type: OpPut, Key: key, Value: value, Lease: lease}
}

// Delete builds a delete op; deleting a missing key is not an error.
func Delete(key string) Op { return Op{Type: OpDelete, Key: key} }

// DeletePrefix builds an op deleting every key under prefix.
func DeletePrefix(prefix string) Op { return Op{Type: OpDeletePrefix, Key: prefix} }

// Durability says whether an acknowledged write must already be on disk.
type Durability int

const (
	// Sync: the transaction returns only after its data is fsynced. The
	// default, for everything a user expects to survive a crash.
	Sync Durability = iota
	// Relaxed: the write is ordered and visible at once but may sit in the
	// engine's buffers for a moment. For data that is rebuilt anyway after a
	// restart, such as ephemeral instances and health flips.
	Relaxed
)

// TxnResult reports a transaction.
type TxnResult struct {
	// Succeeded is false when a guard failed; nothing was written then.
	Succeeded bool
	// Revision is the store revision after the transaction (the new one when
	// something was written, the current one otherwise).
	Revision int64
}

// Txn is one atomic transaction: if every guard holds, apply every op.
type Txn struct {
	If         []Cmp
	Then       []Op
	Durability Durability
}

// Store is the contract of a storage engine.
//
// Keys are non-empty UTF-8 strings of at most 4 KiB; values at most 1 MiB.
// All methods are safe for concurrent use.
type Store interface {
	// Get reads one key; ErrNotFound when it is absent.
	Get(ctx context.Context, key string) (KV, error)
	// List reads every key under prefix in key order, with the revision the
	// listing reflects, so that a watch from Revision+1 misses nothing.
	List(ctx context.Context, prefix string) (kvs []KV, revision int64, err error)
	// Commit applies a transaction atomically. A failed guard is not an
	// error: it answers Succeeded false.
	Commit(ctx context.Context, txn Txn) (TxnResult, error)
	// Watch streams the changes under prefix starting at revision fromRev
	// (0: from the next change). Events of one transaction arrive in one
	// batch, in revision order. The channel closes when ctx ends, the store
	// closes, or the watcher falls too far behind; Err on the Watcher then
	// says why (nil after ctx ended). A fromRev older than the engine keeps
	// fails at once with ErrCompacted.
	Watch(ctx context.Context, prefix string, fromRev int64) (Watcher, error)
	// Revision is the current store revision.
	Revision() int64

	// Grant creates a lease that expires after ttl unless kept alive.
	Grant(ctx context.Context, ttl time.Duration) (LeaseID, error)
	// KeepAlive renews a lease for another full TTL. It costs no disk write.
	KeepAlive(ctx context.Context, id LeaseID) error
	// Revoke ends a lease now and deletes the keys attached to it.
	Revoke(ctx context.Context, id LeaseID) error

	// Close stops background work and releases the engine. Later calls fail
	// with ErrClosed.
	Close() error
}

// Watcher is a running watch.
type Watcher interface {
	// Events delivers one batch per transaction.
	Events() <-chan []Event
	// Err says why Events closed.
	Err() error
}

// Limits shared by every engine.
const (
	MaxKeySize   = 4 << 10
	MaxValueSize = 1 << 20
)
