package etcd

import (
	"context"
	"fmt"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/causeway-dev/causeway/registry/store"
)

// Grant creates an etcd lease; ttl is rounded up to whole seconds.
func (e *Engine) Grant(ctx context.Context, ttl time.Duration) (store.LeaseID, error) {
	if err := e.check(); err != nil {
		return 0, err
	}
	if ttl <= 0 {
		return 0, fmt.Errorf("%w: lease TTL %v", store.ErrInvalid, ttl)
	}
	secs := int64((ttl + time.Second - 1) / time.Second)
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	resp, err := e.cli.Grant(ctx, secs)
	if err != nil {
		return 0, e.fail(fmt.Sprintf("grant lease of %v", ttl), err)
	}
	e.observe(resp.Revision)
	return store.LeaseID(resp.ID), nil
}

// KeepAlive renews a lease once; etcd's leader does it without a raft write.
func (e *Engine) KeepAlive(ctx context.Context, id store.LeaseID) error {
	if err := e.check(); err != nil {
		return err
	}
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	if _, err := e.cli.KeepAliveOnce(ctx, clientv3.LeaseID(id)); err != nil {
		return e.fail(fmt.Sprintf("keep lease %d alive", id), err)
	}
	return nil
}

// Revoke ends a lease and deletes its keys in one transaction.
func (e *Engine) Revoke(ctx context.Context, id store.LeaseID) error {
	if err := e.check(); err != nil {
		return err
	}
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	resp, err := e.cli.Revoke(ctx, clientv3.LeaseID(id))
	if err != nil {
		return e.fail(fmt.Sprintf("revoke lease %d", id), err)
	}
	e.observe(resp.Header.Revision)
	return nil
}
