package plugin

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// view is the in-memory picture of the plugin records, kept current by the
// store's watch. Records in it are immutable; readers may keep them.
type view struct {
	log       *slog.Logger
	mu        sync.RWMutex
	byGateway map[gateway.Key]map[string]*Plugin // by gateway, by id

	feed    feed.Feed[gateway.Key]
	applied store.Watermark
}

func newView(log *slog.Logger) *view {
	return &view{log: log, byGateway: map[gateway.Key]map[string]*Plugin{}}
}

// Load implements store.Mirror.
func (v *view) Load(kvs []store.KV, rev int64) {
	log := v.log
	next := map[gateway.Key]map[string]*Plugin{}
	for _, kv := range kvs {
		applyPut(next, kv, log)
	}
	changed := map[gateway.Key]struct{}{}
	v.mu.Lock()
	for k := range v.byGateway {
		changed[k] = struct{}{}
	}
	for k := range next {
		changed[k] = struct{}{}
	}
	v.byGateway = next
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(rev)
}

// Apply implements store.Mirror.
func (v *view) Apply(events []store.Event) {
	log := v.log
	if len(events) == 0 {
		return
	}
	changed := map[gateway.Key]struct{}{}
	v.mu.Lock()
	for _, ev := range events {
		var k gateway.Key
		var ok bool
		if ev.Type == store.EventPut {
			k, ok = applyPut(v.byGateway, ev.KV, log)
		} else {
			k, ok = applyDelete(v.byGateway, ev.KV.Key)
		}
		if ok {
			changed[k] = struct{}{}
		}
	}
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(events[len(events)-1].KV.ModRevision)
}

// applyPut folds one record into m; name records only guard writes.
func applyPut(m map[gateway.Key]map[string]*Plugin, kv store.KV, log *slog.Logger) (gateway.Key, bool) {
	kind, k, id, ok := parseKey(kv.Key)
	if !ok || kind != "pl" {
		return gateway.Key{}, false
	}
	var p Plugin
	if err := json.Unmarshal(kv.Value, &p); err != nil {
		log.Error("plugin view: skip record", "err", fmt.Errorf("decode plugin %s: %w", kv.Key, err))
		return gateway.Key{}, false
	}
	p.ID, p.Gateway, p.Revision, p.Created = id, k, kv.ModRevision, kv.CreateRevision
	if m[k] == nil {
		m[k] = map[string]*Plugin{}
	}
	m[k][id] = &p
	return k, true
}

func applyDelete(m map[gateway.Key]map[string]*Plugin, key string) (gateway.Key, bool) {
	kind, k, id, ok := parseKey(key)
	if !ok || kind != "pl" || m[k] == nil {
		return gateway.Key{}, false
	}
	delete(m[k], id)
	if len(m[k]) == 0 {
		delete(m, k)
	}
	return k, true
}

// plugins answers k's plugins in creation order.
func (v *view) plugins(k gateway.Key) []*Plugin {
	v.mu.RLock()
	out := make([]*Plugin, 0, len(v.byGateway[k]))
	for _, p := range v.byGateway[k] {
		out = append(out, p)
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Created != out[j].Created {
			return out[i].Created < out[j].Created
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (v *view) plugin(k gateway.Key, id string) *Plugin {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.byGateway[k][id]
}

func (v *view) keys() []gateway.Key {
	v.mu.RLock()
	out := make([]gateway.Key, 0, len(v.byGateway))
	for k := range v.byGateway {
		out = append(out, k)
	}
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Project != out[j].Project {
			return out[i].Project < out[j].Project
		}
		return out[i].ID < out[j].ID
	})
	return out
}
