package tenancy

import (
	"log/slog"
	"sort"

	"github.com/causeway-dev/causeway/registry/store"
)

// engineView is the in-memory copy of every engine, fed by the store's
// watch: the naming registry asks it for limits on every registration.
type engineView struct {
	mirror[*Engine]
}

func newEngineView(log *slog.Logger) *engineView {
	return &engineView{newMirror(log, "engine", EnginePrefix, func(kv store.KV) (*Engine, bool) {
		var e Engine
		return &e, decodeJSON(log, "engine", kv, &e, func(e *Engine) string { return e.ID })
	})}
}

// get answers a copy of one engine.
func (v *engineView) get(id string) (*Engine, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	e, ok := v.byID[id]
	if !ok {
		return nil, false
	}
	c := *e
	return &c, true
}

// ofProject answers copies of a project's engines, oldest first.
func (v *engineView) ofProject(project string) []*Engine {
	v.mu.RLock()
	var out []*Engine
	for _, e := range v.byID {
		if e.Project == project {
			c := *e
			out = append(out, &c)
		}
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].CreatedAt != out[j].CreatedAt {
			return out[i].CreatedAt < out[j].CreatedAt
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// flavorOf answers an engine's flavor without copying the engine: the xDS
// server asks on every stream it admits.
func (v *engineView) flavorOf(id string) (string, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if e, ok := v.byID[id]; ok {
		return e.Flavor, true
	}
	return "", false
}
