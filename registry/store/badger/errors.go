package badger

import (
	"context"
	"errors"
	"fmt"

	bdg "github.com/dgraph-io/badger/v4"

	"github.com/causeway-dev/causeway/registry/store"
)

// ErrSchema reports a data directory written in a layout this binary does
// not understand (newer, or not a Causeway store at all).
var ErrSchema = errors.New("badger engine: unsupported schema")

// mapErr is the one place Badger errors become store errors; op names what
// was being done for the wrapped ones. Errors that already are store errors
// pass through untouched.
func mapErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bdg.ErrKeyNotFound):
		return store.ErrNotFound
	case errors.Is(err, bdg.ErrDBClosed):
		return store.ErrClosed
	case errors.Is(err, bdg.ErrTxnTooBig):
		return fmt.Errorf("%w: transaction too large for one batch", store.ErrInvalid)
	case isStoreErr(err), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return fmt.Errorf("badger %s: %w", op, err)
}

func isStoreErr(err error) bool {
	for _, e := range []error{store.ErrNotFound, store.ErrCompacted, store.ErrLeaseNotFound,
		store.ErrClosed, store.ErrInvalid, ErrSchema} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
