// Package badger is the embedded storage engine of Causeway: it implements
// store.Store on top of Badger, an LSM key-value store, so that a single node
// needs no external database.
//
// Layout on disk. Every user key lives under the versioned prefix "c1/", so a
// later layout can be introduced beside it; engine bookkeeping lives under
// "meta/": the schema version, the current revision and the lease records.
// A value is a small header (create revision, mod revision, lease) followed by
// the caller's bytes; the few values too big for one Badger record (within a
// few bytes of store.MaxValueSize) keep their tail under "x1/".
//
// Writes. A single committer goroutine owns every write. It drains whatever
// transactions are queued, applies them in order inside one Badger
// transaction (each store transaction still gets its own revision), commits,
// and when any of them asked for Sync calls fsync once for the whole group.
// Nothing else writes between that commit and that fsync, which matters:
// Badger rotates its write-ahead log lazily at the start of the next write,
// so a sync issued after someone else's write could miss our data. A Relaxed
// transaction that shares a group with a Sync one returns after the fsync
// too. What Relaxed may lose in a crash is only its own recent writes; when
// the log rotates they can even be lost while a later Sync write survives.
// A transaction whose ops change nothing (deleting absent keys, a failed
// guard) does not advance the revision. Watch events and Revision reflect a
// group only once it is as durable as its callers asked.
//
// Watches. The committer appends each transaction's events to an in-memory
// ring of the last Options.WatchHistory events. Each watcher is a goroutine
// with a cursor into that ring, so a slow watcher never blocks a writer; one
// whose cursor falls off the ring is closed with an error wrapping
// store.ErrCompacted and must list again. History does not survive a
// restart: after Open, only revisions after the persisted one can be watched.
//
// Leases. Lease records (id, TTL) are persisted; deadlines live in memory,
// so KeepAlive costs no disk write. After a restart every lease gets a fresh
// full TTL, as etcd does.
//
// Limits beyond the contract. A transaction must fit in one Badger
// transaction (about 9.6 MB of keys and inline values on disk, 2.4 MB in
// memory); a bigger one fails with store.ErrInvalid. DeletePrefix with an
// empty prefix is refused with store.ErrInvalid rather than wiping the store.
package badger
