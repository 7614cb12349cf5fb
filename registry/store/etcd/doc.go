// Package etcd is the distributed storage engine of Causeway: it implements
// store.Store on an etcd v3 cluster (go.etcd.io/etcd/client/v3), so that
// several Causeway nodes share one registry that survives losing a machine.
// It maps the contract onto etcd's own model rather than imitating it:
//
// Revisions are etcd's: one counter for the whole etcd cluster, shifted down
// by one because a fresh etcd cluster starts at revision 1 with no write in
// it (so a fresh store reads revision 0 and its first write is revision 1,
// as the contract says). When several Causeway installations share one etcd
// cluster through Options.Prefix, the other installations' writes advance
// the counter too: revisions stay unique and ordered, but a write may then
// advance it by more than one.
//
// Commit is one etcd Txn: the guards become etcd comparisons (a missing key
// has create and mod revision 0; a value comparison never matches a missing
// key), the ops become etcd puts and range deletes. etcd refuses a
// transaction that puts a key twice or puts a key inside a range it also
// deletes, where the contract applies ops in order; Commit therefore folds
// the ops first (a later op on the same key replaces an earlier one, and a
// range delete followed by a put inside it is split around that key), which
// yields the same final state (the watch then sees one event per key the
// transaction leaves changed, not one per op).
//
// List is a range read at the current revision; it reports that revision,
// so a watch from Revision+1 misses nothing. Revision asks the cluster (a
// linearizable read), so it reflects writes made through other nodes and
// lease expiries; when the cluster cannot be reached it answers the highest
// revision this store has seen.
//
// Watch is an etcd watch with previous values, from the asked revision (from
// the current one plus one when asked for 0, so no change after the call is
// missed). etcd delivers the events of one transaction together; the engine
// still groups them by ModRevision so that every batch is one transaction.
// A revision etcd has compacted away fails with store.ErrCompacted, at once
// when asked for, or later as the watcher's Err. When the connection to a
// member breaks, the watch resumes on another member from the revision after
// the last one delivered; an error that a retry cannot cure (permission
// denied, say) ends the watch with that error. A watcher that does not read its channel is
// buffered by the engine and the etcd client rather than dropped.
//
// History is etcd's too: the engine never compacts. An operator sets etcd's
// --auto-compaction-mode and --auto-compaction-retention so that history
// does not grow without bound; a watcher that falls behind the compaction
// gets store.ErrCompacted and lists again.
//
// Leases are etcd leases. etcd counts TTLs in whole seconds and has a floor
// of about 1.5 election timeouts, so Grant rounds a TTL up to whole seconds
// and etcd may raise it further; an expired or revoked lease deletes its keys
// in one transaction, which watchers see as one batch.
//
// Durability: every etcd write is committed through raft and fsynced by a
// quorum of members before it is acknowledged, so Relaxed writes are as
// durable (and as slow) as Sync ones.
//
// Limits: keys and values are checked against the contract (store.MaxKeySize,
// store.MaxValueSize, UTF-8 keys, no empty DeletePrefix) before anything is
// sent, and refused with store.ErrInvalid. A transaction must also fit etcd's
// request limit (--max-request-bytes, 1.5 MiB by default); a larger one is
// refused by etcd and reported as store.ErrInvalid too. So is a transaction
// of more guards, or more ops once folded, than etcd's --max-txn-ops (128 by
// default; Options.MaxTxnOps must match the cluster's). Limits answers both,
// so that callers size their batches to fit.
package etcd
