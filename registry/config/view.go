package config

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// view is the in-memory copy of every config, fed by the store's watch.
type view struct {
	log     *slog.Logger
	changes *feed.Feed[Key]
	st      store.Store // reads the blobs of large contents

	mu      sync.RWMutex
	configs map[Key]*Config
	counts  map[string]int    // configs per tenant
	ids     map[int64]*Config // configs by ID (those that have one)

	applied store.Watermark
}

func newView(log *slog.Logger, changes *feed.Feed[Key], st store.Store) *view {
	return &view{log: log, changes: changes, st: st, configs: map[Key]*Config{}, counts: map[string]int{},
		ids: map[int64]*Config{}}
}

// count answers how many configs tenant holds.
func (v *view) count(tenant string) int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.counts[tenant]
}

func (v *view) get(k Key) *Config {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.configs[k]
}

// md5Of answers the current md5 of k, "" when it does not exist.
func (v *view) md5Of(k Key) string {
	if c := v.get(k); c != nil {
		return c.MD5
	}
	return ""
}

// Load replaces the view; every key that appeared, vanished or changed is
// published, so waiters notice what happened while the watch was broken.
func (v *view) Load(kvs []store.KV, rev int64) {
	next := make(map[Key]*Config, len(kvs))
	for _, kv := range kvs {
		if c := v.decode(kv); c != nil {
			next[c.Key] = c
		}
	}
	v.mu.Lock()
	changed := map[Key]struct{}{}
	for k, c := range v.configs {
		if n := next[k]; n == nil || n.MD5 != c.MD5 {
			changed[k] = struct{}{}
		}
	}
	for k, n := range next {
		if c := v.configs[k]; c == nil || c.MD5 != n.MD5 {
			changed[k] = struct{}{}
		}
	}
	v.configs = next
	v.counts = map[string]int{}
	v.ids = map[int64]*Config{}
	for k, c := range next {
		v.counts[k.Tenant]++
		v.index(c)
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

// Apply folds in one transaction's events. Configs are decoded (and large
// contents read) before the lock is taken, so readers never wait on the
// store.
func (v *view) Apply(events []store.Event) {
	type change struct {
		k   Key
		c   *Config // nil: deleted or unreadable
		del bool
	}
	changes := make([]change, 0, len(events))
	var rev int64
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		k, ok := parseItemKey(ev.KV.Key)
		if !ok {
			continue // history records: not part of the view
		}
		if ev.Type == store.EventDelete {
			changes = append(changes, change{k: k, del: true})
			continue
		}
		changes = append(changes, change{k: k, c: v.decode(ev.KV)})
	}
	changed := make(map[Key]struct{}, len(changes))
	v.mu.Lock()
	for _, ch := range changes {
		changed[ch.k] = struct{}{}
		old, had := v.configs[ch.k]
		if ch.del {
			if had {
				delete(v.configs, ch.k)
				v.counts[ch.k.Tenant]--
				v.unindex(old)
			}
			continue
		}
		if ch.c != nil {
			if had {
				v.unindex(old)
			}
			v.configs[ch.k] = ch.c
			v.index(ch.c)
			if !had {
				v.counts[ch.k.Tenant]++
			}
		}
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

// index and unindex keep ids in step with configs; callers hold mu.
func (v *view) index(c *Config) {
	if c.ID != 0 {
		v.ids[c.ID] = c
	}
}

func (v *view) unindex(c *Config) {
	if c.ID != 0 && v.ids[c.ID] == c {
		delete(v.ids, c.ID)
	}
}

// byID answers the config with id, nil when none has it.
func (v *view) byID(id int64) *Config {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.ids[id]
}

func (v *view) decode(kv store.KV) *Config {
	if _, ok := parseItemKey(kv.Key); !ok {
		return nil
	}
	c, err := decodeConfig(kv)
	if err == nil && c.Blob != nil {
		err = v.fill(c)
	}
	if err != nil {
		v.log.Error("skipping unreadable config", "key", kv.Key, "err", err)
		return nil
	}
	return c
}

// fill reads a large content, or takes it from the config the view holds
// when that has the same one (a change of metadata only).
func (v *view) fill(c *Config) error {
	if have := v.get(c.Key); have != nil && have.Blob != nil && *have.Blob == *c.Blob {
		c.Content = have.Content
		return nil
	}
	content, err := loadBlob(context.Background(), v.st, c.Blob)
	c.Content = content
	return err
}

func decodeConfig(kv store.KV) (*Config, error) {
	var c Config
	if err := json.Unmarshal(kv.Value, &c); err != nil {
		return nil, fmt.Errorf("decode config %s: %w", kv.Key, err)
	}
	c.Revision = kv.ModRevision
	return &c, nil
}

// each calls fn with every config, under the read lock: fn must not block.
func (v *view) each(fn func(*Config)) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	for _, c := range v.configs {
		fn(c)
	}
}
