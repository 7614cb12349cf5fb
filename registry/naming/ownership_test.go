package naming

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeCluster is a cluster whose members and ownership tests set by hand.
type fakeCluster struct {
	mu      sync.Mutex
	self    string
	owners  map[string]string // client id -> owner; absent: self
	alive   map[string]bool
	epoch   uint64
	relayed map[string][]string // owner -> keys
}

func newFakeCluster(self string) *fakeCluster {
	return &fakeCluster{self: self, owners: map[string]string{}, alive: map[string]bool{self: true},
		relayed: map[string][]string{}}
}

func (f *fakeCluster) Owner(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.owners[id]; ok {
		return o
	}
	return f.self
}

func (f *fakeCluster) Owns(id string) bool { return f.Owner(id) == f.self }
func (f *fakeCluster) Node() string        { return f.self }

func (f *fakeCluster) Relay(owner, key string) {
	f.mu.Lock()
	f.relayed[owner] = append(f.relayed[owner], key)
	f.mu.Unlock()
}

func (f *fakeCluster) Epoch() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.epoch
}

func (f *fakeCluster) Alive(node string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.alive[node]
}

// move makes node own client id (a member came or went).
func (f *fakeCluster) move(id, node string) {
	f.mu.Lock()
	f.owners[id] = node
	f.epoch++
	f.mu.Unlock()
}

func newClusterRegistry(t *testing.T, clock *fakeClock, c Ownership) *Registry {
	t.Helper()
	st := openMemStore(t)
	r, err := New(context.Background(), st, Options{Logger: quietLogger(), CheckInterval: time.Hour, Now: clock.Now, Cluster: c})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { checkIndexMatchesStore(t, r, st); r.Close() })
	return r
}

// Only the node that owns a client judges its beats; a beat that reaches
// another node is relayed to the owner; the node that takes a client over
// starts its clock afresh, then judges it as before.
func TestBeatChecksFollowOwnership(t *testing.T) {
	clock := newFakeClock()
	c := newFakeCluster("a:1")
	r := newClusterRegistry(t, clock, c)
	in := inst("owned", "10.0.0.1", 80, true)
	client := HTTPClientID(in.IP, in.Port, true)
	c.move(client, "b:1")
	mustRegister(t, r, in)
	if got := c.relayed["b:1"]; len(got) != 1 {
		t.Fatalf("a registration on a non-owner relayed %v", got)
	}
	healthy := func() (bool, bool) {
		got, err := r.GetInstance(in.Ref())
		if err != nil {
			return false, false
		}
		return got.Healthy, true
	}

	clock.Advance(time.Minute)
	r.checkOnce(ctx)
	r.checkOnce(ctx)
	if h, ok := healthy(); !ok || !h {
		t.Fatalf("another node's instance was judged here: healthy %v, present %v", h, ok)
	}
	if _, err := r.Beat(ctx, in.Ref(), nil); err != nil {
		t.Fatal(err)
	}
	if got := c.relayed["b:1"]; len(got) != 2 {
		t.Fatalf("a beat on a non-owner relayed %v", got)
	}

	// b dies: a takes the client over. Its last beat here was a minute
	// ago, but the client kept beating b: no verdict at once.
	clock.Advance(time.Minute)
	c.move(client, "a:1")
	r.checkOnce(ctx)
	if h, ok := healthy(); !ok || !h {
		t.Fatalf("taken over and judged at once: healthy %v, present %v", h, ok)
	}
	// Silent from now on: unhealthy after 15 s, removed after 30 s.
	clock.Advance(16 * time.Second)
	r.checkOnce(ctx)
	if h, ok := healthy(); !ok || h {
		t.Fatalf("16 s silent after the takeover: healthy %v, present %v", h, ok)
	}
	clock.Advance(15 * time.Second)
	r.checkOnce(ctx)
	if _, ok := healthy(); ok {
		t.Fatal("31 s silent after the takeover and still there")
	}
}

// Beats relayed from other nodes keep the owner's instances alive.
func TestRelayedBeatsKeepInstances(t *testing.T) {
	clock := newFakeClock()
	r := newClusterRegistry(t, clock, newFakeCluster("a:1"))
	in := inst("relayed", "10.0.0.1", 80, true)
	mustRegister(t, r, in)
	key := instanceStoreKey(in.Ref())
	for range 6 {
		clock.Advance(10 * time.Second)
		r.Relayed([]string{key, "naming/i/unknown"})
		r.checkOnce(ctx)
	}
	got, err := r.GetInstance(in.Ref())
	if err != nil || !got.Healthy {
		t.Fatalf("an instance beating through another node: %+v %v", got, err)
	}
}

// The instances of a connection are swept by its own node when the
// connection is gone, and by the owner of its id when its node left the
// cluster, one pass after it was first found orphaned.
func TestConnOrphansAcrossNodes(t *testing.T) {
	clock := newFakeClock()
	c := newFakeCluster("a:1")
	c.alive["b:1"] = true
	r := newClusterRegistry(t, clock, c)
	k := svcKey("conns")
	publish := func(conn, ip string) {
		t.Helper()
		if err := r.Publish(ctx, conn, k, []Instance{{IP: ip, Port: 80, Cluster: DefaultCluster, Weight: 1,
			Enabled: true, Healthy: true}}); err != nil {
			t.Fatal(err)
		}
	}
	present := func(ip string) bool {
		_, err := r.GetInstance(InstanceRef{Service: k, IP: ip, Port: 80, Cluster: DefaultCluster})
		return err == nil
	}
	publish("own-gone", "10.0.0.1") // this node's, connection not attached
	r.AttachClient(ConnClient{ID: "own-live"})
	publish("own-live", "10.0.0.2")
	// Instances another node published: write them as node b did.
	c.self = "b:1"
	publish("b-conn", "10.0.0.3")
	publish("b-conn-other-owner", "10.0.0.4")
	c.self = "a:1"
	c.move("b-conn-other-owner", "c:1")

	r.SweepConnOrphans(ctx)
	if present("10.0.0.1") || !present("10.0.0.2") || !present("10.0.0.3") || !present("10.0.0.4") {
		t.Fatalf("first pass with b alive: %v %v %v %v", present("10.0.0.1"), present("10.0.0.2"), present("10.0.0.3"), present("10.0.0.4"))
	}
	c.mu.Lock()
	c.alive["b:1"] = false
	c.mu.Unlock()
	r.SweepConnOrphans(ctx)
	if !present("10.0.0.3") {
		t.Fatal("a dead node's connection swept on the pass that first found it")
	}
	r.SweepConnOrphans(ctx)
	if present("10.0.0.3") {
		t.Fatal("a dead node's connection not swept on the next pass")
	}
	if !present("10.0.0.4") || !present("10.0.0.2") {
		t.Fatal("swept a connection another node must sweep, or a live one")
	}
}
