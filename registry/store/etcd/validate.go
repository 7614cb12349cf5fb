package etcd

import (
	"fmt"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry/store"
)

// validateKey enforces the key rules of the contract.
func validateKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty key", store.ErrInvalid)
	case len(key) > store.MaxKeySize:
		return fmt.Errorf("%w: key of %d bytes exceeds %d", store.ErrInvalid, len(key), store.MaxKeySize)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: key %q is not valid UTF-8", store.ErrInvalid, key)
	}
	return nil
}

// validatePrefix accepts the empty prefix (everything) for reads and watches.
func validatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return validateKey(prefix)
}

// validateTxn checks a whole transaction before anything is queued, so an
// invalid one never reaches the writer.
func validateTxn(txn store.Txn) error {
	if txn.Durability != store.Sync && txn.Durability != store.Relaxed {
		return fmt.Errorf("%w: unknown durability %d", store.ErrInvalid, txn.Durability)
	}
	for i, c := range txn.If {
		if err := validateCmp(c); err != nil {
			return fmt.Errorf("guard %d: %w", i, err)
		}
	}
	for i, op := range txn.Then {
		if err := validateOp(op); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
	}
	return nil
}

func validateCmp(c store.Cmp) error {
	switch c.Target {
	case store.CmpModRevision, store.CmpCreateRevision, store.CmpValue:
	default:
		return fmt.Errorf("%w: unknown comparison target %d", store.ErrInvalid, c.Target)
	}
	return validateKey(c.Key)
}

// validateOp also refuses an empty DeletePrefix: wiping the whole store is
// far more often a bug in prefix building than an intent.
func validateOp(op store.Op) error {
	switch op.Type {
	case store.OpPut:
		if len(op.Value) > store.MaxValueSize {
			return fmt.Errorf("%w: value of %d bytes exceeds %d", store.ErrInvalid, len(op.Value), store.MaxValueSize)
		}
	case store.OpDelete, store.OpDeletePrefix:
		if op.Lease != 0 {
			return fmt.Errorf("%w: lease on a delete", store.ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown op type %d", store.ErrInvalid, op.Type)
	}
	if op.Lease < 0 {
		return fmt.Errorf("%w: negative lease %d", store.ErrInvalid, op.Lease)
	}
	return validateKey(op.Key)
}
