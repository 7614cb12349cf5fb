package naming

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Connection clients are Nacos 2's gRPC clients: a client is one live
// connection, named by its id. What it publishes is ephemeral and belongs
// to the connection: no beats keep it (the connection is the liveness),
// and it goes when the connection does (RemoveClient). Per service a
// connection holds one set of instances, which each register or batch
// register replaces as a whole, as in Nacos's EphemeralClientOperation.

// ConnClient describes one connected client, for the client APIs.
type ConnClient struct {
	ID          string
	IP          string // the address the connection comes from
	Port        int
	ClientIP    string // the address the client says it has
	Version     string
	App         string
	ConnectedAt int64 // unix ms
}

func (c *ConnClient) info(published []*Instance) *ClientInfo {
	info := &ClientInfo{ID: c.ID, Ephemeral: true, Type: "connection", IP: c.IP, Port: c.Port,
		LastUpdated: c.ConnectedAt}
	for _, in := range published {
		info.LastUpdated = max(info.LastUpdated, in.ModifiedAt)
	}
	return info
}

// connClients are the connections attached right now.
type connClients struct {
	mu sync.RWMutex
	m  map[string]ConnClient
}

func newConnClients() *connClients { return &connClients{m: map[string]ConnClient{}} }

func (c *connClients) get(id string) (ConnClient, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	cc, ok := c.m[id]
	return cc, ok
}

func (c *connClients) list() []ConnClient {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]ConnClient, 0, len(c.m))
	for _, cc := range c.m {
		out = append(out, cc)
	}
	return out
}

// AttachClient records a connected client.
func (r *Registry) AttachClient(c ConnClient) {
	r.conns.mu.Lock()
	r.conns.m[c.ID] = c
	r.conns.mu.Unlock()
}

// DetachClient forgets a connection client and its subscriptions but
// keeps the instances it published, for a connection that the server's
// shutdown cut: its client registers them again with the next start
// (which sweeps the owners that do not come back, see ConnOwners).
func (r *Registry) DetachClient(id string) {
	r.conns.mu.Lock()
	delete(r.conns.m, id)
	r.conns.mu.Unlock()
	r.subs.dropClient(id)
}

// Connected reports whether a connection client is attached.
func (r *Registry) Connected(id string) bool {
	_, ok := r.conns.get(id)
	return ok
}

// RemoveClient forgets a connection client: its subscriptions go, and so do
// the instances it published (in transactions of verdictsPerTxn, fewer
// when the store's transactions hold fewer, each guarded on the instance being unchanged, so an instance another client
// took over since stays).
func (r *Registry) RemoveClient(ctx context.Context, id string) error {
	r.conns.mu.Lock()
	delete(r.conns.m, id)
	r.conns.mu.Unlock()
	r.subs.dropClient(id)
	owned := r.idx.clientInstances(id)
	keys := make([]string, 0, len(owned))
	for key := range owned {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for len(keys) > 0 {
		n := min(len(keys), r.lim.Batch(1, 0, verdictsPerTxn))
		txn := store.Txn{Durability: store.Relaxed}
		for _, key := range keys[:n] {
			txn.If = append(txn.If, store.Unchanged(key, owned[key].Revision))
			txn.Then = append(txn.Then, store.Delete(key))
		}
		if _, err := r.commit(ctx, txn); err != nil {
			return fmt.Errorf("remove client %s: %w", id, err)
		}
		keys = keys[n:]
	}
	return nil
}

// SubscribeConn records a connection client's subscription to a service
// (the latest clusters win); it lasts until UnsubscribeConn or RemoveClient.
func (r *Registry) SubscribeConn(sub Subscriber) { r.subs.add(sub) }

// UnsubscribeConn drops a connection client's subscription.
func (r *Registry) UnsubscribeConn(id string, k ServiceKey) { r.subs.remove(k, id) }

// Publish makes the instances that client id publishes for service k
// exactly ins: connection-owned and ephemeral. An empty ins withdraws them
// all. The service is created ephemeral on first use; a persistent service
// refuses them, as Nacos does. An instance at an address another client
// published is taken over (a client that reconnected registers again under
// its new connection).
func (r *Registry) Publish(ctx context.Context, id string, k ServiceKey, ins []Instance) error {
	next := make(map[string]*Instance, len(ins))
	for i := range ins {
		in := ins[i]
		in.Service, in.ClientID, in.Conn, in.Ephemeral, in.Node = k, id, true, true, r.node()
		if in.Metadata == nil {
			in.Metadata = map[string]string{}
		}
		if err := ValidateInstance(&in); err != nil {
			return err
		}
		next[instanceStoreKey(in.Ref())] = &in
	}
	if err := r.admitPublish(id, k, next); err != nil {
		return err
	}
	for range maxAttempts {
		txn, err := r.publishTxn(id, k, next)
		if err != nil {
			return err
		}
		if len(txn.Then) == 0 {
			return nil
		}
		ok, err := r.commit(ctx, txn)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if err := r.catchUp(ctx); err != nil {
			return err
		}
	}
	return registry.Conflict("publish instances")
}

// publishTxn writes next and deletes what the client published for k
// before and no longer does, guarded on everything it read.
func (r *Registry) publishTxn(id string, k ServiceKey, next map[string]*Instance) (store.Txn, error) {
	txn := store.Txn{Durability: store.Relaxed}
	if len(next) > 0 {
		if err := r.ensureEphemeralService(&txn, k); err != nil {
			return txn, err
		}
	}
	now := r.nowMillis()
	for key, in := range next {
		old := r.idx.instance(k, key)
		if old != nil && sameInstance(old, in) {
			continue // a redo after reconnecting: nothing to write
		}
		in.RegisteredAt, in.ModifiedAt = now, now
		if old != nil {
			in.RegisteredAt = old.RegisteredAt
			txn.If = append(txn.If, store.Unchanged(key, old.Revision))
		} else {
			txn.If = append(txn.If, store.Absent(key))
		}
		val, err := encode(in)
		if err != nil {
			return txn, err
		}
		txn.Then = append(txn.Then, store.Put(key, val))
	}
	for key, old := range r.idx.clientServiceInstances(id, k) {
		if next[key] == nil {
			txn.If = append(txn.If, store.Unchanged(key, old.Revision))
			txn.Then = append(txn.Then, store.Delete(key))
		}
	}
	return txn, nil
}

// ensureEphemeralService adds to txn the creation of k as an implicit
// ephemeral service, or a guard that it still is the one read.
func (r *Registry) ensureEphemeralService(txn *store.Txn, k ServiceKey) error {
	svcKey := serviceStoreKey(k)
	svc, createRev := r.idx.service(k)
	if svc != nil {
		if !svc.Ephemeral {
			return kindMismatch(svc)
		}
		txn.If = append(txn.If, store.Cmp{Key: svcKey, Target: store.CmpCreateRevision, Rev: createRev})
		return nil
	}
	now := r.nowMillis()
	s := Service{Key: k, Ephemeral: true, Selector: Selector{Type: "none"},
		Metadata: map[string]string{}, Implicit: true, CreatedAt: now, ModifiedAt: now}
	val, err := encode(&s)
	if err != nil {
		return err
	}
	txn.If = append(txn.If, store.Absent(svcKey))
	txn.Then = append(txn.Then, store.Put(svcKey, val))
	txn.Durability = store.Sync // a service record must survive a crash
	return nil
}

// sameInstance reports whether a stored instance already says what in
// does, owner included.
func sameInstance(old, in *Instance) bool {
	if old.ClientID != in.ClientID || old.Conn != in.Conn || old.Weight != in.Weight ||
		old.Enabled != in.Enabled || old.Healthy != in.Healthy || len(old.Metadata) != len(in.Metadata) {
		return false
	}
	for k, v := range in.Metadata {
		if old.Metadata[k] != v {
			return false
		}
	}
	return true
}
