package naming

import "context"

// Instances of connection clients outlive their connection in two cases:
// the node that held it stopped (a shutdown keeps them, so that clients
// reconnecting anywhere take them over without a gap) or died. Their
// clients reconnect within seconds and publish again, taking the instances
// over; what nobody took back is swept here. A node sweeps what its own
// earlier run left (connections it does not hold); the connections of a
// node gone from the cluster are swept by one node, the owner of the
// connection's id, once they have been found orphaned twice in a row, so
// that their clients have had a whole pass to come back.

// SweepConnOrphans removes the instances of the connection clients that
// no node holds any more. Call it periodically, first once the clients
// of a restart have had time to come back.
func (r *Registry) SweepConnOrphans(ctx context.Context) {
	seen := map[string]bool{}
	for id, node := range r.connOwners() {
		if !r.orphaned(id, node) {
			continue
		}
		if node != "" && node != r.node() && !r.orphans[id] {
			seen[id] = true // another node's: swept on the next pass
			continue
		}
		seen[id] = true
		if err := r.RemoveClient(ctx, id); err != nil && ctx.Err() == nil {
			r.log.Warn("sweeping a vanished connection's instances", "conn", id, "node", node, "err", err)
		}
	}
	r.orphans = seen
}

// orphaned reports whether connection client id, whose instances node
// published, is held by no node, and this node is the one to sweep it.
func (r *Registry) orphaned(id, node string) bool {
	if node == "" || node == r.node() {
		return !r.Connected(id)
	}
	c := r.opts.Cluster
	return c != nil && !c.Alive(node) && c.Owns(id)
}

// connOwners answers each connection client that owns instances, with the
// node its instances name.
func (r *Registry) connOwners() map[string]string {
	out := map[string]string{}
	r.idx.each(func(_ string, in *Instance) {
		if in.Conn {
			out[in.ClientID] = in.Node
		}
	})
	return out
}
