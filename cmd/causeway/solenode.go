package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/causeway-dev/causeway/registry/store"
)

// Several Causeway nodes on one shared store do not yet divide the work
// that one node does alone: each would check every HTTP client's beats
// and expire the instances whose beats reached another node. Until they
// do (issue 19), one node serves a store: it holds a key under a lease,
// kept alive while it runs, and a second node is refused at start. Badger
// needs none of this: its directory lock refuses a second process.
const (
	soleNodeKey = "cluster/sole-node"
	soleNodeTTL = 10 * time.Second
)

// claimSoleNode takes the store for this process, or says who holds it.
// A claim left by a node that died without releasing it (kill -9) runs
// out within soleNodeTTL: a claim found taken is waited for that long
// before the start is refused, so a node restarted after a crash comes
// up, while a second node beside a live one is still refused. The answer
// releases the claim (revokes the lease) at shutdown.
func claimSoleNode(ctx context.Context, st store.Store, who string, log *slog.Logger) (release func(), err error) {
	deadline := time.Now().Add(soleNodeTTL + time.Second)
	for {
		release, err = tryClaim(ctx, st, who, log)
		if !errors.Is(err, errClaimed) || time.Now().After(deadline) {
			return release, err
		}
		log.Info("the store is claimed by another node; waiting for its claim to run out", "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(soleNodeTTL / 10):
		}
	}
}

// errClaimed: another node holds the store.
var errClaimed = errors.New("several Causeway nodes on one store are not supported yet; give this one its own --etcd-prefix")

// tryClaim makes one attempt at the claim.
func tryClaim(ctx context.Context, st store.Store, who string, log *slog.Logger) (release func(), err error) {
	lease, err := st.Grant(ctx, soleNodeTTL)
	if err != nil {
		return nil, fmt.Errorf("claim the store: %w", err)
	}
	res, err := st.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(soleNodeKey)},
		Then: []store.Op{store.PutWithLease(soleNodeKey, []byte(who), lease)}})
	if err == nil && !res.Succeeded {
		holder := "another node"
		if kv, gerr := st.Get(ctx, soleNodeKey); gerr == nil {
			holder = string(kv.Value)
		}
		err = fmt.Errorf("the store is served by %s: %w", holder, errClaimed)
	}
	if err != nil {
		_ = st.Revoke(context.WithoutCancel(ctx), lease)
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go keepSoleNode(ctx, st, lease, log, done)
	return func() {
		cancel()
		<-done
		rctx, rcancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer rcancel()
		_ = st.Revoke(rctx, lease)
	}, nil
}

// keepSoleNode renews the claim a third of its TTL apart. A claim lost
// (the store was out of reach longer than the TTL) is logged: another
// node may have started meanwhile.
func keepSoleNode(ctx context.Context, st store.Store, lease store.LeaseID, log *slog.Logger, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(soleNodeTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := st.KeepAlive(ctx, lease); err != nil && ctx.Err() == nil {
			if errors.Is(err, store.ErrLeaseNotFound) {
				log.Error("lost the claim on the store: another node may serve it now", "err", err)
				return
			}
			log.Warn("renew the claim on the store", "err", err)
		}
	}
}

// nodeName is how a node names itself in its claim.
func nodeName(cfg config) string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s pid %d (http %s)", host, os.Getpid(), cfg.HTTPAddr)
}
