package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// DefaultTTL is how long a member record outlives its node's last renewal:
// how long a dead node's clients wait for another node to take them over.
const DefaultTTL = 10 * time.Second

// Options configure a Cluster.
type Options struct {
	Store  store.Store
	TTL    time.Duration
	Logger *slog.Logger
	// RelayInterval is how often relayed beats are sent (default 250 ms).
	RelayInterval time.Duration
}

// Cluster is this node's view of the members and its own membership.
type Cluster struct {
	st   store.Store
	self atomic.Pointer[Member] // set by Join
	ttl  time.Duration
	log  *slog.Logger

	view    atomic.Pointer[view]
	mu      sync.Mutex
	records map[string]Member // the member records, from the watch
	onDrop  []func(Member)    // see OnLeave

	relay *relay

	cancel context.CancelFunc
	wg     sync.WaitGroup
	lease  atomic.Int64 // the lease of the own record, once joined
	joined atomic.Bool
	// reached is when the store last answered a probe, unix ms (reach.go).
	reached atomic.Int64
}

// view is one immutable state of the membership.
type view struct {
	members []Member // by ID
	self    bool     // this node's record is among them
	epoch   uint64
}

// New follows the member records of st; the node takes part once Join
// has written its own. Until then it owns nothing.
func New(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.TTL <= 0 {
		opts.TTL = DefaultTTL
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.RelayInterval <= 0 {
		opts.RelayInterval = 250 * time.Millisecond
	}
	c := &Cluster{st: opts.Store, ttl: opts.TTL, log: opts.Logger,
		records: map[string]Member{}}
	c.view.Store(&view{})
	c.self.Store(&Member{})
	c.reached.Store(time.Now().UnixMilli())
	secret, err := loadSecret(ctx, opts.Store)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	c.cancel = cancel
	done, err := store.StartMirror(runCtx, opts.Store, membersPrefix, membersMirror{c}, c.log.With("mirror", "cluster"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("follow cluster members: %w", err)
	}
	c.relay = newRelay(c, secret, opts.RelayInterval)
	c.wg.Add(3)
	go func() { defer c.wg.Done(); <-done }()
	go func() { defer c.wg.Done(); c.probe(runCtx) }()
	go func() { defer c.wg.Done(); c.relay.run(runCtx) }()
	return c, nil
}

// Self is this node (zero until Join).
func (c *Cluster) Self() Member { return *c.self.Load() }

// Members are the live members, by id.
func (c *Cluster) Members() []Member { return slices.Clone(c.view.Load().members) }

// Joined reports whether this node's record is in the store as far as the
// watch has shown.
func (c *Cluster) Joined() bool { return c.view.Load().self }

// Join writes this node's record, self, under a lease and keeps it alive
// until Close. self.ID must be an address the other nodes reach, and the
// caller must already hold that port: a record of the same id found in
// the store can then only be a dead predecessor's (a node killed before
// its lease ran out), and is replaced.
func (c *Cluster) Join(ctx context.Context, self Member) error {
	if err := validID(self.ID); err != nil {
		return err
	}
	c.self.Store(&self)
	c.mu.Lock()
	c.publish(nil) // Owns now knows which record is this node's
	if err := c.put(ctx); err != nil {
		return err
	}
	c.joined.Store(true)
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	prev := c.cancel
	c.cancel = func() { cancel(); prev() }
	c.wg.Add(1)
	go func() { defer c.wg.Done(); c.keepAlive(runCtx) }()
	return nil
}

// put grants a lease and writes the own record with it.
func (c *Cluster) put(ctx context.Context) error {
	self := c.Self()
	lease, err := c.st.Grant(ctx, c.ttl)
	if err != nil {
		return fmt.Errorf("join cluster as %s: %w", self.ID, err)
	}
	b, err := json.Marshal(self)
	if err != nil {
		return fmt.Errorf("join cluster as %s: %w", self.ID, err)
	}
	if _, err := c.st.Commit(ctx, store.Txn{Then: []store.Op{store.PutWithLease(memberKey(self.ID), b, lease)}}); err != nil {
		_ = c.st.Revoke(context.WithoutCancel(ctx), lease)
		return fmt.Errorf("join cluster as %s: %w", self.ID, err)
	}
	c.lease.Store(int64(lease))
	return nil
}

// keepAlive renews the lease three times per TTL. When the lease is found
// gone (the store was out of reach for longer than the TTL, and the others
// took this node's clients over) it joins again.
func (c *Cluster) keepAlive(ctx context.Context) {
	t := time.NewTicker(c.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, c.ttl/3)
		err := c.st.KeepAlive(rctx, store.LeaseID(c.lease.Load()))
		if errors.Is(err, store.ErrLeaseNotFound) {
			c.log.Warn("cluster: this node's membership ran out; joining again")
			err = c.put(rctx)
		}
		cancel()
		if err != nil && ctx.Err() == nil {
			c.log.Warn("cluster: renewing membership", "err", err)
		}
	}
}

// Close leaves the cluster: the record goes at once, so that the others
// take this node's clients over without waiting for the lease.
func (c *Cluster) Close() {
	c.cancel()
	c.wg.Wait()
	if c.joined.Load() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = c.st.Revoke(ctx, store.LeaseID(c.lease.Load()))
	}
}

// OnLeave calls f with each member seen leaving (its record deleted or
// expired), from the watch's goroutine: f must not block.
func (c *Cluster) OnLeave(f func(Member)) {
	c.mu.Lock()
	c.onDrop = append(c.onDrop, f)
	c.mu.Unlock()
}

// membersMirror feeds the member records from the watch.
type membersMirror struct{ c *Cluster }

func (m membersMirror) Load(kvs []store.KV, _ int64) {
	c := m.c
	c.mu.Lock()
	old := c.records
	c.records = map[string]Member{}
	for _, kv := range kvs {
		c.add(kv)
	}
	var left []Member
	for id, mem := range old {
		if _, ok := c.records[id]; !ok {
			left = append(left, mem)
		}
	}
	c.publish(left)
}

func (m membersMirror) Apply(events []store.Event) {
	c := m.c
	c.mu.Lock()
	var left []Member
	for _, e := range events {
		if e.Type == store.EventPut {
			c.add(e.KV)
			continue
		}
		id := e.KV.Key[len(membersPrefix):]
		if mem, ok := c.records[id]; ok {
			left = append(left, mem)
			delete(c.records, id)
		}
	}
	c.publish(left)
}

// add records one member; call it with c.mu held.
func (c *Cluster) add(kv store.KV) {
	mem, err := decodeMember(kv.Key, kv.Value)
	if err != nil {
		c.log.Warn("cluster: ignoring a member record", "err", err)
		return
	}
	c.records[mem.ID] = mem
}

// publish makes the records the view and unlocks c.mu; the callbacks of
// OnLeave run after, unlocked.
func (c *Cluster) publish(left []Member) {
	old := c.view.Load()
	v := &view{epoch: old.epoch}
	selfID := c.Self().ID
	for _, mem := range c.records {
		v.members = append(v.members, mem)
		v.self = v.self || mem.ID == selfID
	}
	slices.SortFunc(v.members, func(a, b Member) int { return strings.Compare(a.ID, b.ID) })
	if !sameMembers(old.members, v.members) || old.self != v.self {
		v.epoch++
	}
	c.view.Store(v)
	hooks := slices.Clone(c.onDrop)
	c.mu.Unlock()
	for _, mem := range left {
		if mem.ID == selfID {
			continue
		}
		for _, f := range hooks {
			f(mem)
		}
	}
}

func sameMembers(a, b []Member) bool {
	return slices.EqualFunc(a, b, func(x, y Member) bool { return x.ID == y.ID })
}
