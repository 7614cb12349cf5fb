package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// waitFor bounds every wait of the suite; generous because the race detector
// and parallel tests slow engines down.
const waitFor = 5 * time.Second

// commit applies txn and fails the test on error.
func commit(t *testing.T, s store.Store, txn store.Txn) store.TxnResult {
	t.Helper()
	res, err := s.Commit(t.Context(), txn)
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return res
}

// put writes one key and returns the new revision.
func put(t *testing.T, s store.Store, key, value string) int64 {
	t.Helper()
	res := commit(t, s, store.Txn{Then: []store.Op{store.Put(key, []byte(value))}})
	if !res.Succeeded {
		t.Fatalf("put %q: not succeeded", key)
	}
	return res.Revision
}

func get(t *testing.T, s store.Store, key string) store.KV {
	t.Helper()
	kv, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get %q: %v", key, err)
	}
	return kv
}

func mustBeAbsent(t *testing.T, s store.Store, key string) {
	t.Helper()
	if kv, err := s.Get(t.Context(), key); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get %q = %+v, %v; want ErrNotFound", key, kv, err)
	}
}

func mustHaveValue(t *testing.T, s store.Store, key, value string) store.KV {
	t.Helper()
	kv := get(t, s, key)
	if string(kv.Value) != value {
		t.Fatalf("Get %q = %q, want %q", key, kv.Value, value)
	}
	return kv
}

func watch(t *testing.T, s store.Store, prefix string, fromRev int64) store.Watcher {
	t.Helper()
	w, err := s.Watch(t.Context(), prefix, fromRev)
	if err != nil {
		t.Fatalf("Watch %q from %d: %v", prefix, fromRev, err)
	}
	return w
}

// next reads one batch, failing the test when none comes.
func next(t *testing.T, w store.Watcher) []store.Event {
	t.Helper()
	select {
	case evs, ok := <-w.Events():
		if !ok {
			t.Fatalf("watch closed: %v", w.Err())
		}
		return evs
	case <-time.After(waitFor):
		t.Fatalf("no watch event within %v", waitFor)
	}
	return nil
}

// quiet checks that no batch arrives for a short while.
func quiet(t *testing.T, w store.Watcher) {
	t.Helper()
	select {
	case evs, ok := <-w.Events():
		t.Fatalf("unexpected batch %v (open %v)", describe(evs), ok)
	case <-time.After(100 * time.Millisecond):
	}
}

// closed waits for the watch to end and returns its Err.
func closed(t *testing.T, w store.Watcher) error {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case _, ok := <-w.Events():
			if !ok {
				return w.Err()
			}
		case <-deadline:
			t.Fatalf("watch not closed within %v", waitFor)
		}
	}
}

// want describes an expected event compactly.
type want struct {
	typ     store.EventType
	key     string
	value   string // for puts
	rev     int64  // ModRevision; 0: do not check
	prev    string // PrevKV value; "" with hasPrev false: no PrevKV
	hasPrev bool
}

func checkBatch(t *testing.T, evs []store.Event, wants ...want) {
	t.Helper()
	if len(evs) != len(wants) {
		t.Fatalf("batch %v, want %d events", describe(evs), len(wants))
	}
	for i, w := range wants {
		ev := evs[i]
		if ev.Type != w.typ || ev.KV.Key != w.key || (w.rev != 0 && ev.KV.ModRevision != w.rev) {
			t.Fatalf("event %d = %s %q @%d, want %s %q @%d", i, ev.Type, ev.KV.Key, ev.KV.ModRevision, w.typ, w.key, w.rev)
		}
		if w.typ == store.EventPut && !bytes.Equal(ev.KV.Value, []byte(w.value)) {
			t.Fatalf("event %d value %q, want %q", i, ev.KV.Value, w.value)
		}
		if w.typ == store.EventDelete && len(ev.KV.Value) != 0 {
			t.Fatalf("event %d: delete carries value %q", i, ev.KV.Value)
		}
		checkPrev(t, i, ev.PrevKV, w)
	}
}

func checkPrev(t *testing.T, i int, prev *store.KV, w want) {
	t.Helper()
	switch {
	case !w.hasPrev && prev != nil:
		t.Fatalf("event %d: unexpected PrevKV %q", i, prev.Value)
	case w.hasPrev && prev == nil:
		t.Fatalf("event %d: missing PrevKV", i)
	case w.hasPrev && (string(prev.Value) != w.prev || prev.Key != w.key):
		t.Fatalf("event %d: PrevKV %q=%q, want %q=%q", i, prev.Key, prev.Value, w.key, w.prev)
	}
}

func describe(evs []store.Event) []string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Type.String()+" "+ev.KV.Key)
	}
	return out
}

// eventually polls cond until it holds or waitFor passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, waitFor)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
