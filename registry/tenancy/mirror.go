package tenancy

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// mirror is an in-memory copy of the JSON records under one key prefix,
// by id (the key after the prefix), fed by the store's watch through
// store.StartMirror. The namespace and engine views are mirrors with their
// own reads on top.
type mirror[T any] struct {
	log    *slog.Logger
	kind   string // "namespace", "engine": for the log
	prefix string
	// decode answers a record's value, false when it cannot be read.
	decode func(kv store.KV) (T, bool)

	mu      sync.RWMutex
	byID    map[string]T
	applied store.Watermark
}

func newMirror[T any](log *slog.Logger, kind, prefix string, decode func(store.KV) (T, bool)) mirror[T] {
	return mirror[T]{log: log, kind: kind, prefix: prefix, decode: decode, byID: map[string]T{}}
}

// decodeJSON reads a record into rec and checks it has an id; an
// unreadable record is logged and skipped.
func decodeJSON[R any](log *slog.Logger, kind string, kv store.KV, rec *R, id func(*R) string) bool {
	if err := json.Unmarshal(kv.Value, rec); err != nil || id(rec) == "" {
		log.Warn("skipping unreadable "+kind, "key", kv.Key, "err", err)
		return false
	}
	return true
}

func (m *mirror[T]) Load(kvs []store.KV, rev int64) {
	byID := make(map[string]T, len(kvs))
	for _, kv := range kvs {
		if v, ok := m.decode(kv); ok {
			byID[strings.TrimPrefix(kv.Key, m.prefix)] = v
		}
	}
	m.mu.Lock()
	m.byID = byID
	m.applied.Advance(rev)
	m.mu.Unlock()
}

func (m *mirror[T]) Apply(events []store.Event) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ev := range events {
		id := strings.TrimPrefix(ev.KV.Key, m.prefix)
		if ev.Type == store.EventDelete {
			delete(m.byID, id)
		} else if v, ok := m.decode(ev.KV); ok {
			m.byID[id] = v
		}
		m.applied.Advance(ev.KV.ModRevision)
	}
}

// waitFor blocks until the mirror reflects revision rev, so that a caller
// reads its own write. The watch normally delivers within microseconds; a
// mirror that lags longer is logged and the caller goes on.
func (m *mirror[T]) waitFor(ctx context.Context, rev int64) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := m.applied.Wait(c, rev); err != nil && ctx.Err() == nil {
		m.log.Warn(m.kind+" view lags the store", "want", rev)
	}
}
