package naming

import (
	"cmp"
	"slices"
	"sync"
)

// order keeps a service's instances in list order (by cluster, ip, port)
// for readers at a constant cost per change: a change is only recorded,
// and the next read folds every change recorded since the one before into
// a new list in one merge pass. Readers (the xDS index once per batch, list
// answers, pushes) each pay for the list they take anyway, and a burst of
// registrations into a service of thousands no longer copies its list once
// per registration.
//
// Writers call change under the index's write lock; readers call list
// under its read lock, and take mu among themselves.
type order struct {
	mu sync.Mutex
	// sorted is the list as of the last fold (with the changes below, the
	// service's list); nil: not built. Shared with readers: never modify.
	sorted  []*Instance
	added   map[*Instance]struct{}
	removed map[*Instance]struct{}
}

// change records that old (when not nil) left the service and in (when
// not nil) joined it. size is the number of instances after the change.
func (o *order) change(old, in *Instance, size int) {
	if o.sorted == nil {
		return // nothing built: the next read sorts them all anyway
	}
	if old != nil {
		if _, ok := o.added[old]; ok {
			delete(o.added, old)
		} else {
			o.removed = addTo(o.removed, old)
		}
	}
	if in != nil {
		o.added = addTo(o.added, in)
	}
	// A log longer than the list (nobody read it for a long while) costs
	// more to keep than sorting again.
	if len(o.added)+len(o.removed) > size+16 {
		o.sorted, o.added, o.removed = nil, nil, nil
	}
}

func addTo(m map[*Instance]struct{}, in *Instance) map[*Instance]struct{} {
	if m == nil {
		m = map[*Instance]struct{}{}
	}
	m[in] = struct{}{}
	return m
}

// list answers the instances in order; all is the service's instances.
func (o *order) list(all map[string]*Instance) []*Instance {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sorted != nil && (len(o.added) > 0 || len(o.removed) > 0) {
		o.sorted, o.added, o.removed = o.fold(), nil, nil // nil when it failed: sort again
	}
	if o.sorted == nil {
		sorted := make([]*Instance, 0, len(all)) // never nil, even when empty
		for _, in := range all {
			sorted = append(sorted, in)
		}
		sortInstances(sorted)
		o.sorted = sorted
	}
	return o.sorted
}

// fold merges the recorded changes into a new list: each change is placed
// by a binary search, and the runs of the old list between them are copied
// whole, so a read after k changes costs k log n comparisons and one copy
// of the list. nil when a removed instance is not where it should be
// (never expected): the caller sorts again.
func (o *order) fold() []*Instance {
	edits := make([]edit, 0, len(o.added)+len(o.removed))
	for in := range o.removed {
		at, ok := o.position(in)
		if !ok {
			return nil
		}
		edits = append(edits, edit{at: at, drop: true})
	}
	for in := range o.added {
		at, _ := slices.BinarySearchFunc(o.sorted, in, compareInstances)
		edits = append(edits, edit{at: at, in: in})
	}
	slices.SortFunc(edits, compareEdits)
	out := make([]*Instance, 0, len(o.sorted)-len(o.removed)+len(o.added))
	prev := 0
	for _, e := range edits {
		out = append(out, o.sorted[prev:e.at]...)
		prev = e.at
		if e.drop {
			prev++
		} else {
			out = append(out, e.in)
		}
	}
	return append(out, o.sorted[prev:]...)
}

// edit is one change placed in the old list: in inserted before index at,
// or (drop) the instance at index at removed.
type edit struct {
	at   int
	in   *Instance
	drop bool
}

// compareEdits orders edits by place; at one place insertions come first,
// in list order, then the removal.
func compareEdits(a, b edit) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	if a.drop != b.drop {
		if a.drop {
			return 1
		}
		return -1
	}
	if a.drop {
		return 0
	}
	return compareInstances(a.in, b.in)
}

// position finds an instance of the old list.
func (o *order) position(in *Instance) (int, bool) {
	at, _ := slices.BinarySearchFunc(o.sorted, in, compareInstances)
	for ; at < len(o.sorted) && compareInstances(o.sorted[at], in) == 0; at++ {
		if o.sorted[at] == in {
			return at, true
		}
	}
	return 0, false
}
