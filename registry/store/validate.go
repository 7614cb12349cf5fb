package store

import (
	"fmt"
	"unicode/utf8"
)

// ValidateKey enforces the key rules of the contract. Engines check keys,
// prefixes and transactions with these before anything reaches their
// storage, so every engine refuses the same input the same way.
func ValidateKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty key", ErrInvalid)
	case len(key) > MaxKeySize:
		return fmt.Errorf("%w: key of %d bytes exceeds %d", ErrInvalid, len(key), MaxKeySize)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: key %q is not valid UTF-8", ErrInvalid, key)
	}
	return nil
}

// ValidatePrefix accepts the empty prefix (everything) for reads and watches.
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	return ValidateKey(prefix)
}

// ValidateTxn checks a whole transaction before anything is queued, so an
// invalid one never reaches the writer.
func ValidateTxn(txn Txn) error {
	if txn.Durability != Sync && txn.Durability != Relaxed {
		return fmt.Errorf("%w: unknown durability %d", ErrInvalid, txn.Durability)
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

func validateCmp(c Cmp) error {
	switch c.Target {
	case CmpModRevision, CmpCreateRevision, CmpValue:
	default:
		return fmt.Errorf("%w: unknown comparison target %d", ErrInvalid, c.Target)
	}
	return ValidateKey(c.Key)
}

// validateOp also refuses an empty DeletePrefix: wiping the whole store is
// far more often a bug in prefix building than an intent.
func validateOp(op Op) error {
	switch op.Type {
	case OpPut:
		if len(op.Value) > MaxValueSize {
			return fmt.Errorf("%w: value of %d bytes exceeds %d", ErrInvalid, len(op.Value), MaxValueSize)
		}
	case OpDelete, OpDeletePrefix:
		if op.Lease != 0 {
			return fmt.Errorf("%w: lease on a delete", ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown op type %d", ErrInvalid, op.Type)
	}
	if op.Lease < 0 {
		return fmt.Errorf("%w: negative lease %d", ErrInvalid, op.Lease)
	}
	return ValidateKey(op.Key)
}
