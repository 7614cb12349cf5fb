package badger

import "github.com/causeway-dev/causeway/registry/store"

var _ store.Limiter = (*Engine)(nil)

// Limits answers what one Badger transaction holds (see the package doc):
// an op writes up to two Badger entries (its record, and its overflow tail
// or the tail's delete), and keys and values count against 15 % of a
// memtable. A DeletePrefix writes an entry per key it removes, so a
// transaction near the limit with one may still be refused.
func (e *Engine) Limits() store.Limits {
	return store.Limits{MaxOps: int(e.db.MaxBatchCount() / 2), MaxTxnBytes: int(e.db.MaxBatchSize())}
}
