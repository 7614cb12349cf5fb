package naming

// Several nodes share one store (registry/cluster). Every node serves every
// read and write; only the beat checks are divided: each HTTP client is
// checked by the one node that owns its id. A beat (or registration) that
// reaches another node is recorded there too, and relayed to the owner.
// Connection clients need no beats; a node sweeps what its own connections
// left, and what the connections of a node that left the cluster did.

// Ownership is the cluster as the registry needs it.
type Ownership interface {
	// Owns reports whether this node checks client id's beats.
	Owns(clientID string) bool
	// Owner names the node that checks client id's beats ("" if none).
	Owner(clientID string) string
	// Relay sends owner a beat of the instance stored at key.
	Relay(owner, key string)
	// Epoch changes whenever ownership may have moved.
	Epoch() uint64
	// Alive reports whether node is a member of the cluster.
	Alive(node string) bool
	// Node names this node ("" until it has joined).
	Node() string
}

// node names this node in the instances its connections publish.
func (r *Registry) node() string {
	if r.opts.Cluster == nil {
		return ""
	}
	return r.opts.Cluster.Node()
}

// owns reports whether this node checks in's beats.
func (r *Registry) owns(in *Instance) bool {
	return r.opts.Cluster == nil || r.opts.Cluster.Owns(in.ClientID)
}

// ownsService reports whether this node is the one that removes service k
// once it is empty: one node does, so that they do not all race to.
func (r *Registry) ownsService(k ServiceKey) bool {
	return r.opts.Cluster == nil || r.opts.Cluster.Owns("service:"+k.String())
}

// beaten records a beat of the instance at key, relaying it to the node
// that checks its client when that is another.
func (r *Registry) beaten(key string, in *Instance) {
	r.health.touch(key)
	c := r.opts.Cluster
	if c == nil || !in.Ephemeral || in.Conn {
		return
	}
	// One ownership lookup per beat: this is the heartbeat path.
	if owner := c.Owner(in.ClientID); owner != "" && owner != c.Node() {
		c.Relay(owner, key)
	}
}

// Relayed records beats another node received for clients this one
// checks: the store keys of their instances.
func (r *Registry) Relayed(keys []string) {
	for _, key := range keys {
		r.health.touch(key)
	}
}

// ownedNow tells the sweep whether to judge the instance of record b, and
// when this node has just taken the instance's client over, restarts its
// beat clock: the beats it missed went to the former owner, and an
// instance whose client keeps beating must not expire because of the move.
// Call it under the sweep lock.
func (r *Registry) ownedNow(in *Instance, b *beat, now int64) bool {
	if r.opts.Cluster == nil {
		return true
	}
	if !r.owns(in) {
		b.owned = false
		return false
	}
	if !b.owned {
		b.owned = true
		b.restartAt(now)
	}
	return true
}

// restartAt moves the last beat to now unless a beat came later.
func (b *beat) restartAt(now int64) {
	for {
		last := b.last.Load()
		if last >= now || b.last.CompareAndSwap(last, now) {
			return
		}
	}
}

// ownershipMoved reports, once per change, that the cluster's members
// changed since the last sweep: the next sweep must then look at every
// instance, as the instances this node gained are filed nowhere.
func (r *Registry) ownershipMoved() bool {
	c := r.opts.Cluster
	if c == nil {
		return false
	}
	e := c.Epoch()
	if e == r.health.epoch {
		return false
	}
	r.health.epoch = e
	return true
}
