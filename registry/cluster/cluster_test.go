package cluster

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func memStore(t *testing.T) store.Store {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func newNode(t *testing.T, st store.Store, ttl time.Duration) *Cluster {
	t.Helper()
	c, err := New(context.Background(), Options{Store: st, TTL: ttl, Logger: quiet(), RelayInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func join(t *testing.T, c *Cluster, id string) {
	t.Helper()
	if err := c.Join(context.Background(), Member{ID: id, Started: time.Now().UnixMilli()}); err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ids(ms []Member) string {
	out := ""
	for _, m := range ms {
		out += m.ID + " "
	}
	return out
}

func TestMembersAndOwnership(t *testing.T) {
	st := memStore(t)
	a, b := newNode(t, st, 0), newNode(t, st, 0)
	if a.Owns("x") {
		t.Fatal("a node that has not joined owns a client")
	}
	join(t, a, "10.0.0.1:8848")
	join(t, b, "10.0.0.2:8848")
	for _, c := range []*Cluster{a, b} {
		eventually(t, "both members seen", func() bool { return len(c.Members()) == 2 && c.Joined() })
	}
	owned := map[string]int{}
	for i := range 1000 {
		key := fmt.Sprintf("10.1.%d.%d:8080#true", i/250, i%250)
		n := 0
		if a.Owns(key) {
			n++
			owned["a"]++
		}
		if b.Owns(key) {
			n++
			owned["b"]++
		}
		if n != 1 || a.Owner(key) != b.Owner(key) {
			t.Fatalf("%s owned by %d nodes (a says %s, b says %s)", key, n, a.Owner(key), b.Owner(key))
		}
	}
	if owned["a"] < 400 || owned["b"] < 400 {
		t.Fatalf("ownership is unbalanced: %v", owned)
	}
	epoch := a.Epoch()
	b.Close()
	eventually(t, "a sees b leave at once", func() bool { return len(a.Members()) == 1 })
	if a.Epoch() == epoch || !a.Owns("10.1.0.1:8080#true") || a.Alive("10.0.0.2:8848") {
		t.Fatalf("after b left: epoch %d (was %d), members %s", a.Epoch(), epoch, ids(a.Members()))
	}
}

// A node that dies without leaving (kill -9) leaves when its lease runs
// out, and the survivors are told.
func TestDeadMemberLeavesAfterItsTTL(t *testing.T) {
	st := memStore(t)
	a, b := newNode(t, st, time.Second), newNode(t, st, time.Second)
	var mu sync.Mutex
	var left []string
	a.OnLeave(func(m Member) { mu.Lock(); left = append(left, m.ID); mu.Unlock() })
	join(t, a, "10.0.0.1:8848")
	join(t, b, "10.0.0.2:8848")
	eventually(t, "two members", func() bool { return len(a.Members()) == 2 })
	// Stop b's renewals without revoking its lease: it died.
	b.cancel()
	b.wg.Wait()
	b.joined.Store(false)
	start := time.Now()
	eventually(t, "b's record expires", func() bool { return len(a.Members()) == 1 })
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("a dead member left after %s; its TTL is 1 s", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(left) != 1 || left[0] != "10.0.0.2:8848" {
		t.Fatalf("OnLeave saw %v", left)
	}
}

// A node restarted after a crash finds its own record, left by the dead
// process, and takes it over at once.
func TestRestartTakesOverItsOwnRecord(t *testing.T) {
	st := memStore(t)
	old := newNode(t, st, time.Hour)
	join(t, old, "10.0.0.1:8848")
	old.cancel()
	old.wg.Wait()
	old.joined.Store(false)
	again := newNode(t, st, 0)
	join(t, again, "10.0.0.1:8848")
	eventually(t, "the restarted node is a member", func() bool { return again.Joined() && again.Owns("k") })
	if n := len(again.Members()); n != 1 {
		t.Fatalf("%d members after a restart", n)
	}
}

func TestJoinRefusesAnUnreachableID(t *testing.T) {
	c := newNode(t, memStore(t), 0)
	for _, id := range []string{"", "8848", ":8848", "0.0.0.0:8848", "[::]:8848", "host:0", "host:x", "host:70000"} {
		if err := c.Join(context.Background(), Member{ID: id}); err == nil {
			t.Errorf("Join(%q) accepted", id)
		}
	}
}

// Beats relayed by one node reach the owner, signed; a forged, altered or
// stale batch is refused.
func TestRelay(t *testing.T) {
	st := memStore(t)
	a, b := newNode(t, st, 0), newNode(t, st, 0)
	got := make(chan []string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		beats, err := b.Verify(body, r.Header.Get(SignatureHeader))
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		got <- beats.Keys
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	join(t, a, "127.0.0.1:1")
	join(t, b, srv.Listener.Addr().String())
	a.Relay(b.Self().ID, "naming/k1")
	a.Relay(b.Self().ID, "naming/k2")
	a.Relay(b.Self().ID, "naming/k1")
	select {
	case keys := <-got:
		if len(keys) != 2 {
			t.Fatalf("relayed %v, want k1 and k2 once each", keys)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing relayed")
	}
	body := []byte(fmt.Sprintf(`{"from":"x","at":%d,"keys":["k"]}`, time.Now().UnixMilli()))
	good := sign(a.relay.secret, body)
	if _, err := b.Verify(body, good); err != nil {
		t.Fatalf("a batch signed with the cluster secret: %v", err)
	}
	stale := []byte(fmt.Sprintf(`{"from":"x","at":%d,"keys":["k"]}`, time.Now().Add(-time.Minute).UnixMilli()))
	for name, c := range map[string]struct {
		body []byte
		sig  string
	}{
		"unsigned":        {body, ""},
		"forged":          {body, sign([]byte("not the secret"), body)},
		"altered":         {append([]byte(nil), append(body[:len(body)-1], ' ', '}')...), good},
		"stale":           {stale, sign(a.relay.secret, stale)},
		"not json":        {[]byte("{"), sign(a.relay.secret, []byte("{"))},
		"signature typo":  {body, good[:len(good)-1]},
		"signature empty": {nil, ""},
	} {
		if _, err := b.Verify(c.body, c.sig); err == nil {
			t.Errorf("%s batch accepted", name)
		}
	}
}

func TestReachable(t *testing.T) {
	st := memStore(t)
	c := newNode(t, st, 0)
	if !c.Reachable() {
		t.Fatal("a store that answers is not reachable")
	}
}
