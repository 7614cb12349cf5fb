package tenancy

import (
	"context"
	"encoding/json"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// entry is a stored namespace with the revision that created it, which
// orders the list by creation even when clocks disagree.
type entry struct {
	rec     record
	created int64
}

// view is the in-memory copy of every stored namespace, fed by the store's
// watch through store.StartMirror.
type view struct {
	log     *slog.Logger
	mu      sync.RWMutex
	byID    map[string]entry
	applied store.Watermark
}

func newView(log *slog.Logger) *view {
	return &view{log: log, byID: map[string]entry{}}
}

func (v *view) Load(kvs []store.KV, rev int64) {
	byID := make(map[string]entry, len(kvs))
	for _, kv := range kvs {
		if e, ok := v.decode(kv); ok {
			byID[e.rec.ID] = e
		}
	}
	v.mu.Lock()
	v.byID = byID
	v.applied.Advance(rev)
	v.mu.Unlock()
}

func (v *view) Apply(events []store.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, ev := range events {
		id := strings.TrimPrefix(ev.KV.Key, Prefix)
		if ev.Type == store.EventDelete {
			delete(v.byID, id)
		} else if e, ok := v.decode(ev.KV); ok {
			v.byID[id] = e
		}
		v.applied.Advance(ev.KV.ModRevision)
	}
}

func (v *view) decode(kv store.KV) (entry, bool) {
	var rec record
	if err := json.Unmarshal(kv.Value, &rec); err != nil || rec.ID == "" {
		v.log.Warn("skipping unreadable namespace", "key", kv.Key, "err", err)
		return entry{}, false
	}
	return entry{rec: rec, created: kv.CreateRevision}, true
}

// waitFor blocks until the view reflects revision rev, so that a caller
// reads its own write. The watch normally delivers within microseconds; a
// view that lags longer is logged and the caller goes on.
func (v *view) waitFor(ctx context.Context, rev int64) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := v.applied.Wait(c, rev); err != nil && ctx.Err() == nil {
		v.log.Warn("namespace view lags the store", "want", rev)
	}
}

func (v *view) get(id string) (record, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e, ok := v.byID[id]
	return e.rec, ok
}

// all answers every stored namespace in creation order.
func (v *view) all() []record {
	v.mu.RLock()
	es := make([]entry, 0, len(v.byID))
	for _, e := range v.byID {
		es = append(es, e)
	}
	v.mu.RUnlock()
	sort.Slice(es, func(i, j int) bool { return es[i].created < es[j].created })
	out := make([]record, len(es))
	for i, e := range es {
		out[i] = e.rec
	}
	return out
}

// ownedBy answers the ids of the namespaces engine created through its
// console, in no order: the limit checks ask on every write.
func (v *view) ownedBy(engine string) []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out []string
	for id, e := range v.byID {
		if e.rec.Engine == engine {
			out = append(out, id)
		}
	}
	return out
}
