package tenancy

import (
	"log/slog"
	"sort"

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
	mirror[entry]
}

func newView(log *slog.Logger) *view {
	return &view{newMirror(log, "namespace", Prefix, func(kv store.KV) (entry, bool) {
		var rec record
		ok := decodeJSON(log, "namespace", kv, &rec, func(r *record) string { return r.ID })
		return entry{rec: rec, created: kv.CreateRevision}, ok
	})}
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
