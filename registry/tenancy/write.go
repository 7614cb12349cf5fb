package tenancy

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// maxAttempts bounds the retries of an update that lost a race.
const maxAttempts = 16

// Create adds a custom namespace. A blank id gets a random UUID, as Nacos
// does; the id is trimmed. Nothing is written unless every rule holds.
func (s *Service) Create(ctx context.Context, id, name, desc string) (Namespace, error) {
	return s.CreateFor(ctx, "", id, name, desc)
}

// CreateFor is Create of a namespace owned by engine ("" for none): the
// engine's console lists it and the engine's limits govern it.
func (s *Service) CreateFor(ctx context.Context, engine, id, name, desc string) (Namespace, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		id = newUUID()
	} else if err := ValidateID(id); err != nil {
		return Namespace{}, err
	}
	if err := validateText(name, desc); err != nil {
		return Namespace{}, err
	}
	if IsPublic(id) {
		return Namespace{}, exists(id)
	}
	rec := record{ID: id, Name: name, Desc: desc, CreatedAt: s.opts.Now().UTC(), Engine: engine}
	k := key(id)
	res, err := s.commit(ctx, []store.Cmp{store.Absent(k)}, store.Put(k, mustJSON(rec)))
	if err != nil {
		return Namespace{}, err
	}
	if !res.Succeeded {
		return Namespace{}, exists(id)
	}
	return s.custom(rec), nil
}

// Update replaces the name and description of a custom namespace.
func (s *Service) Update(ctx context.Context, id, name, desc string) (Namespace, error) {
	if IsPublic(id) {
		return Namespace{}, immutable("edited")
	}
	if err := validateText(name, desc); err != nil {
		return Namespace{}, err
	}
	k := key(id)
	for range maxAttempts {
		rec, kv, err := s.load(ctx, id)
		if err != nil {
			return Namespace{}, err
		}
		rec.Name, rec.Desc = name, desc
		res, err := s.commit(ctx, []store.Cmp{store.Unchanged(k, kv.ModRevision)}, store.Put(k, mustJSON(rec)))
		if err != nil {
			return Namespace{}, err
		}
		if res.Succeeded {
			return s.custom(rec), nil
		}
	}
	return Namespace{}, registry.Errorf(registry.KindConflict, "namespace %s changed concurrently, try again", id)
}

// Delete removes a custom namespace. What it holds (configs, services) is
// left alone, as Nacos leaves it.
func (s *Service) Delete(ctx context.Context, id string) error {
	if IsPublic(id) {
		return immutable("deleted")
	}
	_, kv, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	k := key(id)
	// Guard on the creation revision: a namespace deleted and created again
	// in between is another one.
	guard := store.Cmp{Key: k, Target: store.CmpCreateRevision, Rev: kv.CreateRevision}
	res, err := s.commit(ctx, []store.Cmp{guard}, store.Delete(k))
	if err != nil {
		return err
	}
	if !res.Succeeded {
		return notFound(id)
	}
	return nil
}

// load reads a namespace from the store itself, for its revisions.
func (s *Service) load(ctx context.Context, id string) (record, store.KV, error) {
	if strings.TrimSpace(id) == "" || len(id) > MaxIDLen || !idPattern.MatchString(id) {
		return record{}, store.KV{}, notFound(id) // cannot be a valid stored key
	}
	kv, err := s.st.Get(ctx, key(id))
	if errors.Is(err, store.ErrNotFound) {
		return record{}, store.KV{}, notFound(id)
	}
	if err != nil {
		return record{}, store.KV{}, fmt.Errorf("read namespace %s: %w", id, err)
	}
	var rec record
	if err := json.Unmarshal(kv.Value, &rec); err != nil {
		return record{}, store.KV{}, fmt.Errorf("decode namespace %s: %w", id, err)
	}
	return rec, kv, nil
}

// commit applies one guarded write and waits until the view shows it, so a
// List right after a Create sees the new namespace.
func (s *Service) commit(ctx context.Context, guards []store.Cmp, op store.Op) (store.TxnResult, error) {
	res, err := s.st.Commit(ctx, store.Txn{If: guards, Then: []store.Op{op}})
	if err != nil {
		return res, fmt.Errorf("write namespace: %w", err)
	}
	if res.Succeeded {
		s.view.waitFor(ctx, res.Revision)
	}
	return res, nil
}

func validateText(name, desc string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	return ValidateDesc(desc)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v) // a record of strings and a time always encodes
	if err != nil {
		panic(err)
	}
	return b
}

// newUUID answers a random (version 4) UUID in its usual text form, as
// Java's UUID.randomUUID prints it.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
