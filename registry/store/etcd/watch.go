package etcd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/registry/store"
)

// watchBuffer is how many batches a watcher holds before the engine stops
// reading etcd for it (etcd and its client buffer the rest).
const watchBuffer = 256

type watcher struct {
	out chan []store.Event
	err error // set before out closes
}

func (w *watcher) Events() <-chan []store.Event { return w.out }
func (w *watcher) Err() error                   { return w.err }

// Watch streams the changes under prefix from fromRev (see the package doc).
func (e *Engine) Watch(ctx context.Context, prefix string, fromRev int64) (store.Watcher, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	if err := store.ValidatePrefix(prefix); err != nil {
		return nil, err
	}
	if fromRev < 0 {
		return nil, fmt.Errorf("%w: watch from revision %d", store.ErrInvalid, fromRev)
	}
	next, err := e.watchStart(ctx, fromRev)
	if err != nil {
		return nil, e.fail(fmt.Sprintf("watch %q from %d", prefix, fromRev), err)
	}
	w := &watcher{out: make(chan []store.Event, watchBuffer)}
	go e.runWatch(ctx, w, prefix, next)
	return w, nil
}

// watchStart returns the etcd revision to watch from. For 0 that is the one
// after the current revision; for an old revision a read at it tells at
// once whether etcd has compacted it.
func (e *Engine) watchStart(ctx context.Context, fromRev int64) (int64, error) {
	if fromRev == 0 {
		rev, err := e.currentRevision(ctx)
		return rev + revBase + 1, err
	}
	etcdRev := fromRev + revBase
	_, err := e.cli.Get(ctx, e.revKey, clientv3.WithRev(etcdRev), clientv3.WithCountOnly())
	if err != nil && !errors.Is(err, rpctypes.ErrFutureRev) {
		return 0, err
	}
	return etcdRev, nil
}

// runWatch feeds w from etcd watches, resuming after broken streams, until
// ctx ends, the store closes or history is compacted.
func (e *Engine) runWatch(ctx context.Context, w *watcher, prefix string, next int64) {
	defer close(w.out)
	for {
		wctx, cancel := context.WithCancel(clientv3.WithRequireLeader(ctx))
		stop := context.AfterFunc(e.ctx, cancel)
		wch := e.cli.Watch(wctx, e.key(prefix), clientv3.WithPrefix(), clientv3.WithPrevKV(), clientv3.WithRev(next))
		var err error
		next, err = e.pump(ctx, w, wch, next)
		stop()
		cancel()
		switch {
		case e.closed.Load():
			w.err = store.ErrClosed
			return
		case ctx.Err() != nil:
			return
		case errors.Is(err, store.ErrCompacted):
			w.err = err
			return
		case err != nil && !resumable(err):
			w.err = fmt.Errorf("etcd store: watch %q: %w", prefix, err)
			return
		}
		// The stream broke (a member went away, lost its leader): resume
		// from where it stopped after a short pause.
		select {
		case <-ctx.Done():
			return
		case <-e.done:
			w.err = store.ErrClosed
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// pump delivers the responses of one etcd watch; it returns the next etcd
// revision to watch from and the error that ended the stream, if any.
func (e *Engine) pump(ctx context.Context, w *watcher, wch clientv3.WatchChan, next int64) (int64, error) {
	for resp := range wch {
		if resp.CompactRevision != 0 {
			return next, fmt.Errorf("etcd store: watch from %d: %w (compacted up to %d)",
				next-revBase, store.ErrCompacted, resp.CompactRevision-revBase)
		}
		if err := resp.Err(); err != nil {
			return next, err
		}
		for _, batch := range e.batches(resp.Events) {
			select {
			case w.out <- batch:
			case <-ctx.Done():
				return next, nil
			case <-e.done:
				return next, nil
			}
			next = batch[0].KV.ModRevision + revBase + 1
		}
		e.observe(resp.Header.Revision)
	}
	return next, nil
}

// resumable says whether a watch whose etcd stream ended with err may
// start again from where it stopped.
func resumable(err error) bool {
	return errors.Is(err, rpctypes.ErrNoLeader) || errors.Is(err, context.Canceled) ||
		status.Code(err) == codes.Unavailable || status.Code(err) == codes.Canceled
}

// batches groups events by revision: one batch per transaction.
func (e *Engine) batches(evs []*clientv3.Event) [][]store.Event {
	var out [][]store.Event
	for i, ev := range evs {
		se := store.Event{Type: store.EventPut, KV: e.kv(ev.Kv)}
		if ev.Type == mvccpb.DELETE {
			se.Type = store.EventDelete
			se.KV.Value = nil
			se.KV.CreateRevision = 0
		}
		if ev.PrevKv != nil {
			prev := e.kv(ev.PrevKv)
			se.PrevKV = &prev
		}
		if i > 0 && evs[i-1].Kv.ModRevision == ev.Kv.ModRevision {
			out[len(out)-1] = append(out[len(out)-1], se)
			continue
		}
		out = append(out, []store.Event{se})
	}
	return out
}
