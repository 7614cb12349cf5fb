package store

// Limits is how big one transaction of an engine may be. Callers that split
// work into several transactions (sweeps, imports, batch deletes) size their
// batches by it; a write that must stay atomic and does not fit is refused
// by the engine with ErrInvalid, so callers check Fits first to refuse it
// in their own words.
type Limits struct {
	// MaxOps is the most guards, and separately the most ops, one
	// transaction may hold (etcd's --max-txn-ops counts each list apart).
	MaxOps int
	// MaxTxnBytes is the most bytes of keys and values one transaction may
	// carry.
	MaxTxnBytes int
}

// Limiter is implemented by engines whose transactions are bounded.
type Limiter interface {
	Limits() Limits
}

// Unbounded is what LimitsOf answers for an engine without a Limiter: large
// enough that no registry batch is split by it.
var Unbounded = Limits{MaxOps: 1 << 30, MaxTxnBytes: 1 << 30}

// LimitsOf answers s's transaction limits.
func LimitsOf(s Store) Limits {
	if l, ok := s.(Limiter); ok {
		return l.Limits()
	}
	return Unbounded
}

// Batch answers how many items fit in one transaction when each takes
// perItem guards and perItem ops, beside fixed guards and ops the
// transaction always carries; at least 1, at most want (when want > 0), so
// a loop over it always progresses. The byte limit is the caller's own
// business (values vary); registry batches carry small records.
func (l Limits) Batch(perItem, fixed, want int) int {
	n := max((l.MaxOps-fixed)/max(perItem, 1), 1)
	if want > 0 {
		n = min(n, want)
	}
	return n
}

// Fits says whether a transaction of that many guards and ops fits.
func (l Limits) Fits(guards, ops int) bool {
	return guards <= l.MaxOps && ops <= l.MaxOps
}
