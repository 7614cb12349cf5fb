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

// engineView is the in-memory copy of every engine, fed by the store's
// watch: the naming registry asks it for limits on every registration.
type engineView struct {
	log     *slog.Logger
	mu      sync.RWMutex
	byID    map[string]*Engine
	applied store.Watermark
}

func newEngineView(log *slog.Logger) *engineView {
	return &engineView{log: log, byID: map[string]*Engine{}}
}

func (v *engineView) Load(kvs []store.KV, rev int64) {
	byID := make(map[string]*Engine, len(kvs))
	for _, kv := range kvs {
		if e := v.decode(kv); e != nil {
			byID[e.ID] = e
		}
	}
	v.mu.Lock()
	v.byID = byID
	v.applied.Advance(rev)
	v.mu.Unlock()
}

func (v *engineView) Apply(events []store.Event) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, ev := range events {
		id := strings.TrimPrefix(ev.KV.Key, EnginePrefix)
		if ev.Type == store.EventDelete {
			delete(v.byID, id)
		} else if e := v.decode(ev.KV); e != nil {
			v.byID[id] = e
		}
		v.applied.Advance(ev.KV.ModRevision)
	}
}

func (v *engineView) decode(kv store.KV) *Engine {
	var e Engine
	if err := json.Unmarshal(kv.Value, &e); err != nil || e.ID == "" {
		v.log.Warn("skipping unreadable engine", "key", kv.Key, "err", err)
		return nil
	}
	return &e
}

// waitFor blocks until the view reflects rev, so a caller reads its write.
func (v *engineView) waitFor(ctx context.Context, rev int64) {
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := v.applied.Wait(c, rev); err != nil && ctx.Err() == nil {
		v.log.Warn("engine view lags the store", "want", rev)
	}
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
