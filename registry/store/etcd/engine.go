package etcd

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway-dev/causeway/registry/store"
)

// revBase is etcd's revision of an empty cluster: store revision r is etcd
// revision r+revBase.
const revBase = 1

// DefaultMaxTxnBytes is etcd's default request limit (--max-request-bytes).
const DefaultMaxTxnBytes = 3 << 19

// DefaultMaxTxnOps is etcd's default --max-txn-ops: the most comparisons,
// and separately the most ops, one transaction may hold.
const DefaultMaxTxnOps = 128

// Options configure an Engine.
type Options struct {
	// Endpoints are the client URLs of the etcd members, e.g.
	// "http://10.0.0.1:2379". At least one is required; give all of them so
	// that the engine fails over when one member is lost.
	Endpoints []string
	// Prefix is put in front of every key, so that several Causeway
	// installations can share one etcd cluster (e.g. "causeway/prod/").
	// Empty: keys are stored as they are.
	Prefix string
	// TLS, when set, is used to connect to the members (https endpoints).
	TLS *tls.Config
	// Username and Password authenticate to etcd when its auth is enabled.
	Username, Password string
	// DialTimeout bounds the first contact in Open; 5s when zero.
	DialTimeout time.Duration
	// RevisionTimeout bounds the read behind Revision; 5s when zero.
	RevisionTimeout time.Duration
	// RequestTimeout bounds every other call (reads, commits, leases);
	// 5s when zero. Without a quorum etcd holds a request until it has
	// one: a registry write must fail in time for its client to try
	// another node, rather than wait as long as the client does.
	RequestTimeout time.Duration
	// MaxTxnBytes is the largest transaction sent to etcd, counted as the
	// bytes of its keys and values; a larger one fails with
	// store.ErrInvalid before it is sent. It should match the cluster's
	// --max-request-bytes; etcd's default (1.5 MiB) when zero.
	MaxTxnBytes int
	// MaxTxnOps is the most guards, and separately the most ops (after
	// folding, see Commit), one transaction sent to etcd may hold; a larger
	// one fails with store.ErrInvalid before it is sent. It must match the
	// cluster's --max-txn-ops; etcd's default (128) when zero.
	MaxTxnOps int
	// Logger receives the etcd client's own log; none when nil.
	Logger *zap.Logger
}

// Engine is a store.Store on an etcd cluster.
type Engine struct {
	cli    *clientv3.Client
	prefix string
	// revKey is read (count only) to learn the current revision.
	revKey    string
	revTO     time.Duration
	reqTO     time.Duration
	maxTxn    int
	maxOps    int
	seen      atomic.Int64 // highest store revision seen in any response
	closed    atomic.Bool
	closeOnce sync.Once
	// done ends with Close; watches stop on it.
	done   chan struct{}
	cancel context.CancelFunc
	ctx    context.Context
}

var (
	_ store.Store   = (*Engine)(nil)
	_ store.Limiter = (*Engine)(nil)
)

// Limits answers the configured MaxTxnOps and MaxTxnBytes.
func (e *Engine) Limits() store.Limits {
	return store.Limits{MaxOps: e.maxOps, MaxTxnBytes: e.maxTxn}
}

// Open connects to the etcd cluster and checks that it answers.
func Open(opts Options) (*Engine, error) {
	if len(opts.Endpoints) == 0 {
		return nil, fmt.Errorf("etcd store: %w: no endpoints", store.ErrInvalid)
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = 5 * time.Second
	}
	if opts.MaxTxnBytes <= 0 {
		opts.MaxTxnBytes = DefaultMaxTxnBytes
	}
	if opts.MaxTxnOps <= 0 {
		opts.MaxTxnOps = DefaultMaxTxnOps
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 5 * time.Second
	}
	if opts.RevisionTimeout <= 0 {
		opts.RevisionTimeout = 5 * time.Second
	}
	logger := opts.Logger
	if logger == nil {
		logger = zap.NewNop()
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   opts.Endpoints,
		DialTimeout: opts.DialTimeout,
		TLS:         opts.TLS,
		Username:    opts.Username,
		Password:    opts.Password,
		Logger:      logger,
		// Detect a dead member's connection quickly, so requests and
		// watches move to another member.
		DialKeepAliveTime:    2 * time.Second,
		DialKeepAliveTimeout: 2 * time.Second,
		PermitWithoutStream:  true,
	})
	if err != nil {
		return nil, fmt.Errorf("etcd store: connect to %s: %w", strings.Join(opts.Endpoints, ","), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{cli: cli, prefix: opts.Prefix, revKey: opts.Prefix + "\x00revision", revTO: opts.RevisionTimeout, reqTO: opts.RequestTimeout,
		maxTxn: opts.MaxTxnBytes, maxOps: opts.MaxTxnOps,
		done: make(chan struct{}), ctx: ctx, cancel: cancel}
	pctx, pcancel := context.WithTimeout(ctx, opts.DialTimeout)
	defer pcancel()
	if _, err := e.currentRevision(pctx); err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("etcd store: first contact with %s: %w", strings.Join(opts.Endpoints, ","), err)
	}
	return e, nil
}

// Client is the underlying etcd client, for tests and tools that need etcd
// itself (status, compaction). Writing through it bypasses the key prefix.
func (e *Engine) Client() *clientv3.Client { return e.cli }

// Close stops the watches and closes the client. It is idempotent.
func (e *Engine) Close() error {
	var err error
	e.closeOnce.Do(func() {
		e.closed.Store(true)
		close(e.done)
		e.cancel()
		err = e.cli.Close()
		if err != nil && (errors.Is(err, context.Canceled) || isCanceled(err)) {
			err = nil
		}
		if err != nil {
			err = fmt.Errorf("etcd store: close: %w", err)
		}
	})
	return err
}

// Revision is the current revision of the cluster (see the package doc).
func (e *Engine) Revision() int64 {
	if e.closed.Load() {
		return e.seen.Load()
	}
	ctx, cancel := context.WithTimeout(e.ctx, e.revTO)
	defer cancel()
	rev, err := e.currentRevision(ctx)
	if err != nil {
		return e.seen.Load()
	}
	return rev
}

// currentRevision reads the cluster revision with a linearizable count-only
// read of one key.
func (e *Engine) currentRevision(ctx context.Context) (int64, error) {
	resp, err := e.cli.Get(ctx, e.revKey, clientv3.WithCountOnly())
	if err != nil {
		return 0, err
	}
	return e.observe(resp.Header.Revision), nil
}

// observe converts an etcd header revision and remembers the highest seen.
func (e *Engine) observe(etcdRev int64) int64 {
	rev := etcdRev - revBase
	for {
		cur := e.seen.Load()
		if rev <= cur || e.seen.CompareAndSwap(cur, rev) {
			return rev
		}
	}
}

// bounded limits a call to RequestTimeout.
func (e *Engine) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, e.reqTO)
}

// check refuses calls after Close.
func (e *Engine) check() error {
	if e.closed.Load() {
		return store.ErrClosed
	}
	return nil
}

// fail maps an etcd error onto the contract's errors, with what was done.
func (e *Engine) fail(what string, err error) error {
	switch {
	case e.closed.Load():
		return fmt.Errorf("etcd store: %s: %w", what, store.ErrClosed)
	case errors.Is(err, rpctypes.ErrLeaseNotFound):
		return fmt.Errorf("etcd store: %s: %w", what, store.ErrLeaseNotFound)
	case errors.Is(err, rpctypes.ErrCompacted):
		return fmt.Errorf("etcd store: %s: %w", what, store.ErrCompacted)
	case errors.Is(err, rpctypes.ErrRequestTooLarge), errors.Is(err, rpctypes.ErrTooManyOps),
		errors.Is(err, rpctypes.ErrDuplicateKey), status.Code(err) == codes.ResourceExhausted:
		return fmt.Errorf("etcd store: %s: %w: %w", what, store.ErrInvalid, err)
	}
	return fmt.Errorf("etcd store: %s: %w", what, err)
}

func isCanceled(err error) bool {
	return strings.Contains(err.Error(), "context canceled")
}

// key and user convert between store keys and etcd keys.
func (e *Engine) key(k string) string { return e.prefix + k }

func (e *Engine) user(k []byte) string { return strings.TrimPrefix(string(k), e.prefix) }

// storeRev converts a store revision used in a comparison: 0 (absent) and
// negative ones (never matching) stay as they are.
func storeRev(r int64) int64 {
	if r <= 0 {
		return r
	}
	return r + revBase
}
