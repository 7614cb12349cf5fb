package kie

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/feed"
	"github.com/causeway-dev/causeway/registry/store"
)

// Options tune a Service.
type Options struct {
	Logger *slog.Logger
	// Now is the clock (tests move it).
	Now func() time.Time
}

// Service is the kie config store.
type Service struct {
	st      store.Store
	opts    Options
	log     *slog.Logger
	view    *view
	changes feed.Feed[*Change]
	waiters *waiters

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// New loads the kvs from the store and follows its watch until Close.
func New(ctx context.Context, st store.Store, opts Options) (*Service, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{st: st, opts: opts, log: opts.Logger, waiters: newWaiters()}
	s.view = newView(s.log, &s.changes)
	// The watch must outlive ctx (a start-up context) and end with Close.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	// Listen before the first load so that no change is missed.
	l := s.changes.Listen()
	mirrored, err := store.StartMirror(runCtx, st, Prefix, s.view, s.log.With("mirror", "kie"))
	if err != nil {
		l.Close()
		cancel()
		return nil, fmt.Errorf("load kie kvs: %w", err)
	}
	s.cancel = cancel
	s.wg.Add(2)
	go func() { defer s.wg.Done(); <-mirrored }()
	go func() { defer s.wg.Done(); defer l.Close(); s.waiters.dispatch(runCtx, l) }()
	return s, nil
}

// Close stops the background work; the store stays open.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

// Revision answers a project's kv revision: the store revision of its last
// kv change, 0 before the first.
func (s *Service) Revision(project string) int64 { return s.view.revision(project) }

// Get answers one kv; KindNotFound when there is none.
func (s *Service) Get(project, id string) (*KV, error) {
	if err := ValidateProject(project); err != nil {
		return nil, err
	}
	if !validIDShape(id) {
		return nil, notFound(id)
	}
	kv := s.view.get(Ref{Project: project, ID: id})
	if kv == nil {
		return nil, notFound(id)
	}
	return kv, nil
}

// List answers the kvs of project that q matches with the project
// revision they reflect.
func (s *Service) List(project string, q *Query) ([]*KV, int64, error) {
	if err := ValidateProject(project); err != nil {
		return nil, 0, err
	}
	kvs, rev := s.view.list(project, q)
	return kvs, rev, nil
}

// CreateInput is what a create carries. Empty ValueType and Status take
// kie's defaults (text, enabled).
type CreateInput struct {
	Project   string
	Key       string
	Value     string
	ValueType string
	Status    string
	Labels    map[string]string
}

// Create stores a new kv; KindConflict when the project already has a kv
// with the same key and labels. Nothing is written when the input is
// invalid.
func (s *Service) Create(ctx context.Context, in CreateInput) (*KV, error) {
	kv, err := s.newKV(in)
	if err != nil {
		return nil, err
	}
	uk := uniqKey(kv.Project, kv.Key, kv.Labels)
	for range maxAttempts {
		kv.ID = newID()
		ok, err := s.write(ctx, store.Txn{
			If: []store.Cmp{store.Absent(uk), store.Absent(kvKey(kv.Ref()))},
			Then: []store.Op{store.Put(kvKey(kv.Ref()), mustJSON(kv)), store.Put(uk, []byte(kv.ID)),
				store.Put(revKey(kv.Project), nil)},
		}, kv.Ref())
		if err != nil {
			return nil, err
		}
		if ok {
			return s.view.get(kv.Ref()), nil
		}
		if _, err := s.st.Get(ctx, uk); err == nil {
			return nil, errExists(kv.Key)
		}
		// An id collision (or a marker deleted meanwhile): a new id.
	}
	return nil, errBusy("create kv")
}

// newKV validates in and builds the kv it creates (without an id).
func (s *Service) newKV(in CreateInput) (*KV, error) {
	if err := ValidateProject(in.Project); err != nil {
		return nil, err
	}
	if err := ValidateKey(in.Key); err != nil {
		return nil, err
	}
	if err := ValidateLabels(in.Labels); err != nil {
		return nil, err
	}
	if err := ValidateValue(in.Value); err != nil {
		return nil, err
	}
	vt, err := NormalizeValueType(in.ValueType)
	if err != nil {
		return nil, err
	}
	status, err := NormalizeStatus(in.Status)
	if err != nil {
		return nil, err
	}
	now := s.opts.Now().Unix()
	return &KV{Project: in.Project, Key: in.Key, Value: in.Value, ValueType: vt, Status: status,
		Labels: cloneLabels(in.Labels), CreateTime: now, UpdateTime: now}, nil
}

// UpdateInput is what an update carries: nil fields keep their value. Key
// and Labels, when given, must be the kv's own: kie cannot rename a kv.
type UpdateInput struct {
	Project   string
	ID        string
	Key       string
	Labels    map[string]string
	Value     *string
	ValueType *string
	Status    *string
}

// Update changes a kv's value, type or status.
func (s *Service) Update(ctx context.Context, in UpdateInput) (*KV, error) {
	if err := validateUpdate(in); err != nil {
		return nil, err
	}
	r := Ref{Project: in.Project, ID: in.ID}
	for range maxAttempts {
		old, err := s.Get(in.Project, in.ID)
		if err != nil {
			return nil, err
		}
		next, err := s.updated(old, in)
		if err != nil {
			return nil, err
		}
		ok, err := s.write(ctx, store.Txn{
			If:   []store.Cmp{store.Unchanged(kvKey(r), old.UpdateRevision)},
			Then: []store.Op{store.Put(kvKey(r), mustJSON(next)), store.Put(revKey(r.Project), nil)},
		}, r)
		if err != nil || ok {
			return s.view.get(r), err
		}
	}
	return nil, errBusy("update kv")
}

func validateUpdate(in UpdateInput) error {
	if err := ValidateProject(in.Project); err != nil {
		return err
	}
	if in.Value == nil && in.Status == nil && in.ValueType == nil {
		return invalid("value", "is required")
	}
	if in.Value != nil {
		if err := ValidateValue(*in.Value); err != nil {
			return err
		}
	}
	if in.ValueType != nil {
		if _, err := NormalizeValueType(*in.ValueType); err != nil {
			return err
		}
	}
	if in.Status != nil {
		if _, err := NormalizeStatus(*in.Status); err != nil {
			return err
		}
	}
	return nil
}

// updated answers old with in applied, or why in cannot apply to old.
func (s *Service) updated(old *KV, in UpdateInput) (*KV, error) {
	if in.Key != "" && in.Key != old.Key {
		return nil, invalid("key", "a kv's key cannot change (%q is %q)", in.ID, old.Key)
	}
	if len(in.Labels) > 0 && identity("", in.Labels) != identity("", old.Labels) {
		return nil, invalid("labels", "a kv's labels cannot change")
	}
	next := *old
	if in.Value != nil {
		next.Value = *in.Value
	}
	if in.ValueType != nil {
		next.ValueType, _ = NormalizeValueType(*in.ValueType) // validated
	}
	if in.Status != nil {
		next.Status, _ = NormalizeStatus(*in.Status) // validated
	}
	next.UpdateTime = s.opts.Now().Unix()
	return &next, nil
}

// Delete removes one kv; KindNotFound when there is none.
func (s *Service) Delete(ctx context.Context, project, id string) error {
	return s.DeleteMany(ctx, project, []string{id})
}

// DeleteMany removes kvs in one transaction: all or, when none of them
// exists, nothing (KindNotFound). Ids that do not exist beside ones that
// do are ignored, as kie does.
func (s *Service) DeleteMany(ctx context.Context, project string, ids []string) error {
	if err := ValidateProject(project); err != nil {
		return err
	}
	if len(ids) == 0 {
		return invalid("ids", "at least one id is required")
	}
	if len(ids) > MaxIDs {
		return invalid("ids", "at most %d ids, not %d", MaxIDs, len(ids))
	}
	for range maxAttempts {
		var guards []store.Cmp
		var ops []store.Op
		var refs []Ref
		seen := map[string]bool{}
		for _, id := range ids {
			kv := s.view.get(Ref{Project: project, ID: id})
			if kv == nil || seen[id] {
				continue
			}
			seen[id] = true
			refs = append(refs, kv.Ref())
			guards = append(guards, store.Unchanged(kvKey(kv.Ref()), kv.UpdateRevision))
			ops = append(ops, store.Delete(kvKey(kv.Ref())), store.Delete(uniqKey(project, kv.Key, kv.Labels)))
		}
		if len(ops) == 0 {
			return notFound(ids[0])
		}
		// The delete is atomic, so it must fit one store transaction: a
		// guard and two deletes per kv, and the project's revision.
		if lim := store.LimitsOf(s.st); !lim.Fits(len(guards), len(ops)+1) {
			return invalid("ids", "at most %d existing kvs in one delete on this store, not %d", lim.Batch(2, 1, 0), len(refs))
		}
		ok, err := s.write(ctx, store.Txn{If: guards, Then: append(ops, store.Put(revKey(project), nil))}, refs...)
		if err != nil || ok {
			return err
		}
	}
	return errBusy("delete kvs")
}

func errExists(key string) error {
	return registry.FieldErrorf(registry.KindConflict, "key",
		"a kv with key %q and the same labels already exists", key)
}

func errBusy(what string) error {
	return registry.Errorf(registry.KindConflict, "%s: too many concurrent changes, try again", what)
}
