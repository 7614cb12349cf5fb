package badger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// The first byte of every record says how to read it, so the header can grow
// without a schema bump.
const (
	formatInline = 1 // header and the whole value
	formatSplit  = 2 // header and the value's head; the tail is in the overflow record
)

// inlineMax is the largest record Badger stores in memory mode: values must
// stay below its 1 MiB value threshold ceiling (one of exactly 1 MiB passes
// its size check and then crashes its writer). A value of
// store.MaxValueSize plus its header is a few bytes over, so such values
// spill their tail into an overflow record.
const inlineMax = 1<<20 - 1

var errCorrupt = errors.New("corrupt record")

// encodeValue builds the stored form of kv: the record (header, then the
// value) and, when that would exceed inlineMax, the tail kept apart.
func encodeValue(kv store.KV) (record, tail []byte) {
	format := byte(formatInline)
	if split(kv) {
		format = formatSplit
	}
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64+len(kv.Value))
	b = append(b, format)
	b = binary.AppendUvarint(b, uint64(kv.CreateRevision))
	b = binary.AppendUvarint(b, uint64(kv.ModRevision))
	b = binary.AppendUvarint(b, uint64(kv.Lease))
	b = append(b, kv.Value...)
	if format == formatSplit {
		return b[:inlineMax:inlineMax], b[inlineMax:]
	}
	return b, nil
}

// split reports whether kv is stored with an overflow record; it depends only
// on kv, so a reader of the previous state knows what to delete.
func split(kv store.KV) bool {
	n := 1 + uvarintLen(kv.CreateRevision) + uvarintLen(kv.ModRevision) + uvarintLen(int64(kv.Lease))
	return n+len(kv.Value) > inlineMax
}

func uvarintLen(v int64) int { return len(binary.AppendUvarint(nil, uint64(v))) }

// decodeValue parses a record. The returned Value aliases b, so callers pass
// a buffer they own; when split is true the tail still has to be appended.
func decodeValue(key string, b []byte) (kv store.KV, isSplit bool, err error) {
	kv = store.KV{Key: key}
	if len(b) == 0 || (b[0] != formatInline && b[0] != formatSplit) {
		return kv, false, fmt.Errorf("key %q: %w: unknown value format", key, errCorrupt)
	}
	rest := b[1:]
	var fields [3]uint64
	for i := range fields {
		v, n := binary.Uvarint(rest)
		if n <= 0 || v > 1<<63-1 {
			return kv, false, fmt.Errorf("key %q: %w: bad header", key, errCorrupt)
		}
		fields[i], rest = v, rest[n:] //nolint:gosec // i ranges over fields
	}
	kv.CreateRevision = int64(fields[0])
	kv.ModRevision = int64(fields[1])
	kv.Lease = store.LeaseID(fields[2])
	kv.Value = rest
	return kv, b[0] == formatSplit, nil
}

// encodeInt and decodeInt store counters (revision, next lease id).
func encodeInt(v int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(v)) }

func decodeInt(what string, b []byte) (int64, error) {
	if len(b) != 8 || b[0]&0x80 != 0 {
		return 0, fmt.Errorf("%s: %w", what, errCorrupt)
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// encodeTTL and decodeTTL store a lease record: its TTL in nanoseconds.
func encodeTTL(ttl time.Duration) []byte { return encodeInt(int64(ttl)) }

func decodeTTL(b []byte) (time.Duration, error) {
	v, err := decodeInt("lease ttl", b)
	if err == nil && v <= 0 {
		err = fmt.Errorf("lease ttl: %w", errCorrupt)
	}
	return time.Duration(v), err
}
