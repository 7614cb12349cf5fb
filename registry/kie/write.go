package kie

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// write commits txn, a change of the kvs refs, and waits until the view
// shows it. false: a guard failed; the view has caught up with refs then,
// so the caller reads them again and retries.
func (s *Service) write(ctx context.Context, txn store.Txn, refs ...Ref) (bool, error) {
	res, err := s.st.Commit(ctx, txn)
	if errors.Is(err, store.ErrInvalid) {
		// Too large for one store transaction: the request's fault.
		return false, registry.Errorf(registry.KindInvalid, "too large for one store transaction: %v", err)
	}
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if !res.Succeeded {
		for _, r := range refs {
			if err := s.catchUp(ctx, r); err != nil {
				return false, err
			}
		}
		return false, nil
	}
	if err := s.view.applied.Wait(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for the kie view: %w", err)
	}
	return true, nil
}

// catchUp waits until the view shows r as the store has it now. The view
// follows only kie keys, so waiting for the store's global revision could
// wait for a write of another service that the view never sees.
func (s *Service) catchUp(ctx context.Context, r Ref) error {
	for {
		ch := s.view.applied.Next()
		var want int64
		skv, err := s.st.Get(ctx, kvKey(r))
		switch {
		case err == nil:
			want = skv.ModRevision
		case !errors.Is(err, store.ErrNotFound):
			return registry.Errorf(registry.KindInternal, "store: %v", err)
		}
		var have int64
		if kv := s.view.get(r); kv != nil {
			have = kv.UpdateRevision
		}
		if have == want {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for the kie view: %w", ctx.Err())
		}
	}
}

// mustJSON encodes plain structs of strings, integers and string maps,
// which cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("kie: encode %T: %v", v, err))
	}
	return b
}
