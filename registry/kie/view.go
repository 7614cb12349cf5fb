package kie

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// Change is one kv change the view applied: Old is the kv before (nil for
// a create), New after (nil for a delete). Long polls match both against
// their query, so a kv that leaves a query's result wakes it too.
type Change struct {
	Project  string
	Old, New *KV
	Revision int64 // the store revision of the change
}

// projectKVs is the view of one project.
type projectKVs struct {
	byID     map[string]*KV
	idents   map[string]string // identity → id
	revision int64             // ModRevision of the project's revision marker
}

func newProjectKVs() *projectKVs {
	return &projectKVs{byID: map[string]*KV{}, idents: map[string]string{}}
}

// view is the in-memory copy of every kv, fed by the store's watch.
type view struct {
	log     *slog.Logger
	changes *feed.Feed[*Change]

	mu       sync.RWMutex
	projects map[string]*projectKVs

	applied store.Watermark
}

func newView(log *slog.Logger, changes *feed.Feed[*Change]) *view {
	return &view{log: log, changes: changes, projects: map[string]*projectKVs{}}
}

// project answers p's view, creating it; v.mu must be held for writing.
func (v *view) project(p string) *projectKVs {
	pk := v.projects[p]
	if pk == nil {
		pk = newProjectKVs()
		v.projects[p] = pk
	}
	return pk
}

func (v *view) get(r Ref) *KV {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if pk := v.projects[r.Project]; pk != nil {
		return pk.byID[r.ID]
	}
	return nil
}

// byIdentity answers the kv of project with key and labels, nil if none.
func (v *view) byIdentity(project, key string, labels map[string]string) *KV {
	v.mu.RLock()
	defer v.mu.RUnlock()
	pk := v.projects[project]
	if pk == nil {
		return nil
	}
	return pk.byID[pk.idents[identity(key, labels)]]
}

// revision answers the project's kv revision, 0 before its first change.
func (v *view) revision(project string) int64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if pk := v.projects[project]; pk != nil {
		return pk.revision
	}
	return 0
}

// list answers the kvs of project that q matches, ordered by key and then
// creation, with the project revision they reflect (read together, so the
// revision never claims more than the list shows).
func (v *view) list(project string, q *Query) ([]*KV, int64) {
	v.mu.RLock()
	pk := v.projects[project]
	if pk == nil {
		v.mu.RUnlock()
		return []*KV{}, 0
	}
	out := []*KV{}
	if q.Key.Kind == KeyExact && len(q.Labels) > 0 && q.Match == MatchExact {
		// The common client query names one kv exactly: no scan.
		if kv := pk.byID[pk.idents[identity(q.Key.Pattern, q.Labels)]]; q.Matches(kv) {
			out = append(out, kv)
		}
	} else {
		for _, kv := range pk.byID {
			if q.Matches(kv) {
				out = append(out, kv)
			}
		}
	}
	rev := pk.revision
	v.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].CreateRevision < out[j].CreateRevision
	})
	return out, rev
}

// Load replaces the view; every kv that appeared, vanished or changed is
// published, so waiters notice what happened while the watch was broken.
func (v *view) Load(kvs []store.KV, rev int64) {
	next := map[string]*projectKVs{}
	pk := func(p string) *projectKVs {
		if next[p] == nil {
			next[p] = newProjectKVs()
		}
		return next[p]
	}
	for _, skv := range kvs {
		if p, ok := parseRevKey(skv.Key); ok {
			pk(p).revision = skv.ModRevision
			continue
		}
		if kv := v.decode(skv); kv != nil {
			proj := pk(kv.Project)
			proj.byID[kv.ID] = kv
			proj.idents[identity(kv.Key, kv.Labels)] = kv.ID
		}
	}
	v.mu.Lock()
	changed := map[*Change]struct{}{}
	for p, old := range v.projects {
		for id, o := range old.byID {
			var n *KV
			if np := next[p]; np != nil {
				n = np.byID[id]
			}
			if n == nil || n.UpdateRevision != o.UpdateRevision {
				changed[&Change{Project: p, Old: o, New: n, Revision: rev}] = struct{}{}
			}
		}
	}
	for p, np := range next {
		for id, n := range np.byID {
			if old := v.projects[p]; old == nil || old.byID[id] == nil {
				changed[&Change{Project: p, New: n, Revision: rev}] = struct{}{}
			}
		}
	}
	v.projects = next
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

// Apply folds in one transaction's events.
func (v *view) Apply(events []store.Event) {
	changed := map[*Change]struct{}{}
	var rev int64
	v.mu.Lock()
	for _, ev := range events {
		rev = max(rev, ev.KV.ModRevision)
		if p, ok := parseRevKey(ev.KV.Key); ok {
			if ev.Type == store.EventPut {
				v.project(p).revision = ev.KV.ModRevision
			}
			continue
		}
		r, ok := parseKVKey(ev.KV.Key)
		if !ok {
			continue // uniqueness markers: the view derives them
		}
		pk := v.project(r.Project)
		old := pk.byID[r.ID]
		if old != nil {
			delete(pk.idents, identity(old.Key, old.Labels))
			delete(pk.byID, r.ID)
		}
		var n *KV
		if ev.Type == store.EventPut {
			if n = v.decode(ev.KV); n != nil {
				pk.byID[r.ID] = n
				pk.idents[identity(n.Key, n.Labels)] = r.ID
			}
		}
		changed[&Change{Project: r.Project, Old: old, New: n, Revision: ev.KV.ModRevision}] = struct{}{}
	}
	v.mu.Unlock()
	v.applied.Advance(rev)
	v.changes.Publish(changed)
}

func (v *view) decode(skv store.KV) *KV {
	r, ok := parseKVKey(skv.Key)
	if !ok {
		return nil
	}
	kv, err := decodeKV(skv)
	if err != nil || kv.ID != r.ID || kv.Project != r.Project {
		v.log.Error("skipping unreadable kv", "key", skv.Key, "err", err)
		return nil
	}
	return kv
}

func decodeKV(skv store.KV) (*KV, error) {
	var kv KV
	if err := json.Unmarshal(skv.Value, &kv); err != nil {
		return nil, fmt.Errorf("decode kv %s: %w", skv.Key, err)
	}
	if kv.Labels == nil {
		kv.Labels = map[string]string{}
	}
	kv.CreateRevision, kv.UpdateRevision = skv.CreateRevision, skv.ModRevision
	return &kv, nil
}
