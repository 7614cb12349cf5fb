package etcd

import (
	"context"
	"fmt"

	"go.etcd.io/etcd/api/v3/mvccpb"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/causeway-dev/causeway/registry/store"
)

// Get reads one key.
func (e *Engine) Get(ctx context.Context, key string) (store.KV, error) {
	if err := e.check(); err != nil {
		return store.KV{}, err
	}
	if err := store.ValidateKey(key); err != nil {
		return store.KV{}, err
	}
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	resp, err := e.cli.Get(ctx, e.key(key))
	if err != nil {
		return store.KV{}, e.fail(fmt.Sprintf("get %q", key), err)
	}
	e.observe(resp.Header.Revision)
	if len(resp.Kvs) == 0 {
		return store.KV{}, fmt.Errorf("%w: %q", store.ErrNotFound, key)
	}
	return e.kv(resp.Kvs[0]), nil
}

// List reads every key under prefix, in key order, at one revision.
func (e *Engine) List(ctx context.Context, prefix string) ([]store.KV, int64, error) {
	if err := e.check(); err != nil {
		return nil, 0, err
	}
	if err := store.ValidatePrefix(prefix); err != nil {
		return nil, 0, err
	}
	// etcd answers a range in key order.
	ctx, cancel := e.bounded(ctx)
	defer cancel()
	resp, err := e.cli.Get(ctx, e.key(prefix), clientv3.WithPrefix())
	if err != nil {
		return nil, 0, e.fail(fmt.Sprintf("list %q", prefix), err)
	}
	kvs := make([]store.KV, 0, len(resp.Kvs))
	for _, kv := range resp.Kvs {
		kvs = append(kvs, e.kv(kv))
	}
	return kvs, e.observe(resp.Header.Revision), nil
}

func (e *Engine) kv(kv *mvccpb.KeyValue) store.KV {
	return store.KV{
		Key:            e.user(kv.Key),
		Value:          kv.Value,
		CreateRevision: kv.CreateRevision - revBase,
		ModRevision:    kv.ModRevision - revBase,
		Lease:          store.LeaseID(kv.Lease),
	}
}
