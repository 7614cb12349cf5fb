package artifact

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/causeway-dev/causeway/registry/ai"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Registry.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // the clock (tests move it)
}

// Registry holds the artifacts of one kind (skills, agent specs).
type Registry struct {
	kind ArtifactKind
	st   store.Store
	opts Options
	view *view

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// maxAttempts bounds the retries of a write that lost a race.
const maxAttempts = 16

// NewRegistry loads kind's artifacts and follows the store until Close.
func NewRegistry(ctx context.Context, st store.Store, kind ArtifactKind, opts Options) (*Registry, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Registry{kind: kind, st: st, opts: opts, view: newView(kind.Prefix, opts.Logger)}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done, err := store.StartMirror(runCtx, st, kind.Prefix, r.view, opts.Logger.With("mirror", "ai/"+kind.Name))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("load %ss: %w", kind.Name, err)
	}
	r.cancel = cancel
	r.wg.Add(1)
	go func() { defer r.wg.Done(); <-done }()
	return r, nil
}

// Close stops following the store; the store stays open.
func (r *Registry) Close() {
	r.cancel()
	r.wg.Wait()
}

// Kind answers what the registry holds.
func (r *Registry) Kind() ArtifactKind { return r.kind }

// change is what one write does to an artifact: its new meta (nil deletes
// the artifact and every version) and the versions it puts or deletes.
type change struct {
	meta    *Meta
	put     []*Version
	deleted []string
}

// mutate applies fn to the current state of artifact (ns, name) and
// commits what it answers, guarded on the meta's revision and retried
// when another write got in first. fn sees cur == nil for an artifact
// that does not exist. The write is one transaction: nothing half-written.
func (r *Registry) mutate(ctx context.Context, ns, name string, fn func(cur *Meta) (*change, error)) error {
	id := ref{ns, name}
	mk := metaKey(r.kind.Prefix, ns, name)
	for range maxAttempts {
		cur, rev := r.view.get(id)
		ch, err := fn(cur)
		if err != nil {
			return err
		}
		txn, err := r.txn(id, mk, rev, ch)
		if err != nil {
			return err
		}
		res, err := store.CommitSeen(ctx, r.st, &r.view.Applied, txn)
		if err != nil {
			return registry.Errorf(registry.KindInternal, "write %s %s/%s: %v", r.kind.Name, ns, name, err)
		}
		if res.Succeeded {
			return nil
		}
	}
	return registry.Errorf(registry.KindConflict, "%s %q: too many concurrent changes, try again", r.kind.Name, name)
}

// mutateExisting is mutate of an existing artifact a request names: its
// namespace and name are validated first, and fn sees the namespace
// answered (public for a blank one) and the artifact's meta, never nil.
func (r *Registry) mutateExisting(ctx context.Context, ns, name string, fn func(ns string, cur *Meta) (*change, error)) error {
	ns, err := checkRef(ns, r.kind.Name+"Name", name)
	if err != nil {
		return err
	}
	return r.mutate(ctx, ns, name, func(cur *Meta) (*change, error) {
		if cur == nil {
			return nil, r.kind.notFound(ns, name)
		}
		return fn(ns, cur)
	})
}

// txn builds the transaction of one change.
func (r *Registry) txn(id ref, mk string, rev int64, ch *change) (store.Txn, error) {
	txn := store.Txn{If: []store.Cmp{store.Unchanged(mk, rev)}}
	if ch.meta == nil {
		txn.Then = []store.Op{store.DeletePrefix(artifactPrefix(r.kind.Prefix, id.ns, id.name))}
		return txn, nil
	}
	ch.meta.EditingVersion = ch.meta.draft()
	ch.meta.LatestVersion = ch.meta.Labels[ai.LatestLabel]
	slices.SortFunc(ch.meta.Versions, func(a, b VersionInfo) int { return ai.CompareVersions(a.Version, b.Version) })
	mb, err := json.Marshal(ch.meta)
	if err != nil || len(mb) > store.MaxValueSize {
		return txn, invalid("name", "the %s's metadata is too large", r.kind.Name)
	}
	txn.Then = append(txn.Then, store.Put(mk, mb))
	for _, v := range ch.put {
		vb, err := json.Marshal(v)
		if err != nil || len(vb) > store.MaxValueSize {
			return txn, invalid("content", "version %s is too large", v.Version)
		}
		txn.Then = append(txn.Then, store.Put(versionKey(r.kind.Prefix, id.ns, id.name, v.Version), vb))
	}
	for _, v := range ch.deleted {
		txn.Then = append(txn.Then, store.Delete(versionKey(r.kind.Prefix, id.ns, id.name, v)))
	}
	return txn, nil
}

func (r *Registry) now() int64 { return r.opts.Now().UnixMilli() }
