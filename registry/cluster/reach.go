package cluster

import (
	"context"
	"time"
)

// The store is probed every reachEvery with a read that needs a quorum on
// etcd; a node that had no answer for reachWithin is not ready, so that
// load balancers and SDKs go to a node that can serve writes.
const (
	reachEvery  = time.Second
	reachWithin = 3 * time.Second
)

// Reachable reports whether the store answered lately.
func (c *Cluster) Reachable() bool {
	return time.Since(time.UnixMilli(c.reached.Load())) < reachWithin
}

func (c *Cluster) probe(ctx context.Context) {
	t := time.NewTicker(reachEvery)
	defer t.Stop()
	for {
		rctx, cancel := context.WithTimeout(ctx, reachWithin/2)
		_, err := c.st.Get(rctx, secretKey)
		cancel()
		if err == nil {
			c.reached.Store(time.Now().UnixMilli())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
