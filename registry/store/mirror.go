package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Mirror is a reader's in-memory copy of everything under a prefix.
type Mirror interface {
	// Load replaces the copy with a listing taken at revision rev.
	Load(kvs []KV, rev int64)
	// Apply folds in the events of one transaction.
	Apply(events []Event)
}

// StartMirror lists prefix into m, then follows the prefix's watch in a
// goroutine, listing again whenever the watch breaks (compaction, a slow
// reader). The first listing happens before it returns, so m is current
// then. done closes when ctx ends or the store closes.
func StartMirror(ctx context.Context, st Store, prefix string, m Mirror, log *slog.Logger) (done <-chan struct{}, err error) {
	w, err := relist(ctx, st, prefix, m)
	if err != nil {
		return nil, err
	}
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		follow(ctx, st, prefix, m, w, log)
	}()
	return ch, nil
}

func relist(ctx context.Context, st Store, prefix string, m Mirror) (Watcher, error) {
	kvs, rev, err := st.List(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", prefix, err)
	}
	m.Load(kvs, rev)
	w, err := st.Watch(ctx, prefix, rev+1)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", prefix, err)
	}
	return w, nil
}

func follow(ctx context.Context, st Store, prefix string, m Mirror, w Watcher, log *slog.Logger) {
	for {
		for batch := range w.Events() {
			m.Apply(batch)
		}
		if ctx.Err() != nil || errors.Is(w.Err(), ErrClosed) {
			return
		}
		log.Warn("watch ended, listing again", "prefix", prefix, "err", w.Err())
		for {
			var err error
			if w, err = relist(ctx, st, prefix, m); err == nil {
				break
			}
			log.Error("relist failed", "prefix", prefix, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}
