package registry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/causeway-dev/causeway/registry/store"
)

// CommitSeen commits a guarded transaction and waits until the view behind
// seen has applied it, so the writer reads its own write (or, after a
// failed guard, what beat it). It answers whether the guards held. A store
// failure is KindInternal, but one the store refused as invalid (too many
// changes for one of its transactions, see store.Limits) is KindInvalid:
// the request is at fault and nothing was written. A wait cut short by ctx
// stays ctx's error, wrapped with what (the kind of write).
func CommitSeen(ctx context.Context, st store.Store, seen *store.Watermark, what string,
	guards []store.Cmp, ops ...store.Op) (bool, error) {
	res, err := store.CommitSeen(ctx, st, seen, store.Txn{If: guards, Then: ops})
	switch {
	case errors.Is(err, store.ErrInvalid):
		return false, Errorf(KindInvalid, "%s: too large for one store transaction: %v", what, err)
	case err != nil && ctx.Err() == nil:
		return false, Errorf(KindInternal, "store: %v", err)
	case err != nil:
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return res.Succeeded, nil
}

// Conflict is the error of an optimistic write that kept losing races.
func Conflict(what string) *Error {
	return Errorf(KindConflict, "%s: too many concurrent changes, try again", what)
}

// NewID answers a random 32-hex-digit id. crypto/rand.Read does not fail
// (Go 1.24+), so neither does this.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
