package http2rpc

import (
	"encoding/json"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
)

// view is the in-memory copy of the mappings and the gateways' markers,
// fed by the store's watch; its feed names the gateways whose mappings
// changed.
type view struct {
	log *slog.Logger

	mu       sync.RWMutex
	mappings map[gateway.Key]map[string]*Mapping
	markers  map[gateway.Key]int64 // ModRevision

	feed    feed.Feed[gateway.Key]
	applied store.Watermark
}

func newView(log *slog.Logger) *view {
	return &view{log: log, mappings: map[gateway.Key]map[string]*Mapping{}, markers: map[gateway.Key]int64{}}
}

// Load implements store.Mirror.
func (v *view) Load(kvs []store.KV, rev int64) {
	changed := map[gateway.Key]struct{}{}
	v.mu.Lock()
	for k := range v.mappings {
		changed[k] = struct{}{}
	}
	v.mappings, v.markers = map[gateway.Key]map[string]*Mapping{}, map[gateway.Key]int64{}
	for _, kv := range kvs {
		if k, ok := v.put(kv); ok {
			changed[k] = struct{}{}
		}
	}
	v.mu.Unlock()
	// Publish before the watermark moves: a writer that returns once it
	// has moved knows its change was published to every listener then.
	v.feed.Publish(changed)
	v.applied.Advance(rev)
}

// Apply implements store.Mirror.
func (v *view) Apply(events []store.Event) {
	if len(events) == 0 {
		return
	}
	changed := map[gateway.Key]struct{}{}
	v.mu.Lock()
	for _, ev := range events {
		var k gateway.Key
		var ok bool
		if ev.Type == store.EventPut {
			k, ok = v.put(ev.KV)
		} else {
			k, ok = v.remove(ev.KV.Key)
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

// put folds in a record; v.mu is held. It answers the gateway whose
// mappings changed.
func (v *view) put(kv store.KV) (gateway.Key, bool) {
	if rest, ok := cutMarker(kv.Key); ok {
		v.markers[rest] = kv.ModRevision
		return gateway.Key{}, false
	}
	k, id, ok := parseMappingKey(kv.Key)
	var m Mapping
	if !ok || json.Unmarshal(kv.Value, &m) != nil {
		v.log.Warn("skipping unreadable http2rpc mapping", "key", kv.Key)
		return gateway.Key{}, false
	}
	m.ID, m.Gateway, m.Revision, m.Created = id, k, kv.ModRevision, kv.CreateRevision
	if v.mappings[k] == nil {
		v.mappings[k] = map[string]*Mapping{}
	}
	v.mappings[k][id] = &m
	return k, true
}

func (v *view) remove(key string) (gateway.Key, bool) {
	if k, ok := cutMarker(key); ok {
		delete(v.markers, k)
		return gateway.Key{}, false
	}
	k, id, ok := parseMappingKey(key)
	if !ok || v.mappings[k][id] == nil {
		return gateway.Key{}, false
	}
	delete(v.mappings[k], id)
	if len(v.mappings[k]) == 0 {
		delete(v.mappings, k)
	}
	return k, true
}

// cutMarker answers the gateway of a marker key.
func cutMarker(key string) (gateway.Key, bool) {
	if len(key) <= len(markerPrefix) || key[:len(markerPrefix)] != markerPrefix {
		return gateway.Key{}, false
	}
	k, _, ok := parseMappingKey(mappingPrefix + key[len(markerPrefix):] + "/x")
	return k, ok
}

// list answers a gateway's mappings in creation order, and the revision
// of its marker.
func (v *view) list(k gateway.Key) ([]*Mapping, int64) {
	v.mu.RLock()
	out := make([]*Mapping, 0, len(v.mappings[k]))
	for _, m := range v.mappings[k] {
		out = append(out, m)
	}
	marker := v.markers[k]
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Created != out[j].Created {
			return out[i].Created < out[j].Created
		}
		return out[i].ID < out[j].ID
	})
	return out, marker
}

func (v *view) get(k gateway.Key, id string) *Mapping {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.mappings[k][id]
}
