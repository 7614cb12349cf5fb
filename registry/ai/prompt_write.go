package ai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 16

// promptChange is what a write does to one prompt, decided from the
// prompt as it is: meta is the new metadata (nil deletes the prompt),
// puts the versions to write, dels the versions to delete.
type promptChange struct {
	meta *Prompt
	puts []*PromptVersion
	dels []string
}

// change applies decide to the prompt r (nil detail when it does not
// exist) in one transaction guarded by the prompt's metadata revision,
// retrying when another write got there first, and returns once this
// registry's view shows the result. Every write rewrites the metadata,
// so that one guard covers the prompt and all its versions.
func (s *Prompts) change(ctx context.Context, r promptRef, decide func(d *PromptDetail) (*promptChange, error)) error {
	for range maxAttempts {
		d := s.view.detail(r)
		c, err := decide(d)
		if err != nil {
			return err
		}
		var rev int64
		if d != nil {
			rev = d.Revision
		}
		ok, err := s.commit(ctx, r, rev, c)
		if err != nil || ok {
			return err
		}
	}
	return registry.Errorf(registry.KindConflict, "prompt %q: too many concurrent changes, try again", r.key)
}

// commit writes c guarded by rev; false when the guard failed, once the
// view has caught up with the store.
func (s *Prompts) commit(ctx context.Context, r promptRef, rev int64, c *promptChange) (bool, error) {
	meta := promptMetaKey(r.ns, r.key)
	txn := store.Txn{If: []store.Cmp{store.Unchanged(meta, rev)}}
	if c.meta == nil {
		txn.Then = []store.Op{store.DeletePrefix(promptDir(r.ns, r.key))}
	} else {
		c.meta.Namespace, c.meta.Key = r.ns, r.key
		txn.Then = append(txn.Then, store.Put(meta, mustJSON(c.meta)))
		for _, v := range c.puts {
			v.Namespace, v.Key = r.ns, r.key
			txn.Then = append(txn.Then, store.Put(promptVersionKey(r.ns, r.key, v.Version), mustJSON(v)))
		}
		for _, v := range c.dels {
			txn.Then = append(txn.Then, store.Delete(promptVersionKey(r.ns, r.key, v)))
		}
	}
	res, err := s.st.Commit(ctx, txn)
	if errors.Is(err, store.ErrInvalid) {
		return false, registry.Errorf(registry.KindInvalid, "too large for one store transaction: %v", err)
	}
	if err != nil {
		return false, registry.Errorf(registry.KindInternal, "store: %v", err)
	}
	if !res.Succeeded {
		return false, s.catchUp(ctx, r)
	}
	if err := s.view.Applied.Wait(ctx, res.Revision); err != nil {
		return false, fmt.Errorf("wait for the prompt view: %w", err)
	}
	return true, nil
}

// catchUp waits until the view shows r's metadata as the store has it
// now. The view follows only prompt keys, so waiting for the store's
// global revision could wait for a write the view never sees.
func (s *Prompts) catchUp(ctx context.Context, r promptRef) error {
	for {
		ch := s.view.Applied.Next()
		var want int64
		skv, err := s.st.Get(ctx, promptMetaKey(r.ns, r.key))
		switch {
		case err == nil:
			want = skv.ModRevision
		case !errors.Is(err, store.ErrNotFound):
			return registry.Errorf(registry.KindInternal, "store: %v", err)
		}
		if s.view.metaRevision(r) == want {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("wait for the prompt view: %w", ctx.Err())
		}
	}
}

// mustJSON encodes the plain structs of this package, which cannot fail.
// It leaves '<', '>' and '&' as they are: prompts are full of markup, and
// escaping each as \u003c would make a template six times its size in the
// store, over its value limit long before MaxTemplateBytes.
func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("ai: encode %T: %v", v, err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
