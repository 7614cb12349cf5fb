package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

// Store keys.
const (
	// Prefix holds everything this package stores.
	Prefix      = "auth/"
	usersPrefix = Prefix + "users/"
	secretKey   = Prefix + "secret"
)

// Limits. Nacos checks only that a username is not blank; its users table
// holds at most 50 characters. Bcrypt reads at most 72 bytes of a password
// and would silently ignore the rest, so longer ones are refused.
const (
	MaxUsernameLen   = 50
	MaxPasswordBytes = 72
	defaultCost      = 10
)

// User is a user as callers see it: the password hash never leaves this
// package, so no dialect can leak it by accident.
type User struct {
	Username    string
	GlobalAdmin bool
	Roles       []string // other than ROLE_ADMIN
	CreatedAt   time.Time
	Revision    int64 // the store revision of the last change
}

// record is a user as stored.
type record struct {
	Username     string   `json:"username"`
	PasswordHash string   `json:"passwordHash"`
	GlobalAdmin  bool     `json:"globalAdmin"`
	Roles        []string `json:"roles,omitempty"`
	// TokenGen moves on with every password change; tokens carry the
	// generation they were issued in (token.go).
	TokenGen  int64     `json:"tokenGen,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

func userKey(username string) string { return usersPrefix + url.PathEscape(username) }

// maxAttempts bounds the retries of an optimistic write that lost a race.
const maxAttempts = 8

// CreateUser adds a user; it refuses an existing username.
func (s *Service) CreateUser(ctx context.Context, username, password string, globalAdmin bool) (*User, error) {
	if err := validateUsername(username); err != nil {
		return nil, err
	}
	if err := CheckStrength(username, password); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password, s.cost)
	if err != nil {
		return nil, err
	}
	return s.createHashed(ctx, username, hash, globalAdmin)
}

// createHashed stores a new user whose password hash is made.
func (s *Service) createHashed(ctx context.Context, username, hash string, globalAdmin bool) (*User, error) {
	rec := record{Username: username, PasswordHash: hash, GlobalAdmin: globalAdmin, CreatedAt: s.now().UTC()}
	val, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode user: %w", err)
	}
	key := userKey(username)
	res, err := s.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Absent(key)}, Then: []store.Op{store.Put(key, val)}})
	if err != nil {
		return nil, fmt.Errorf("create user %q: %w", username, err)
	}
	if !res.Succeeded {
		return nil, registry.FieldErrorf(registry.KindConflict, "username", "user '%s' already exist!", username)
	}
	return rec.user(res.Revision), nil
}

// GetUser reads one user; KindNotFound when there is none.
func (s *Service) GetUser(ctx context.Context, username string) (*User, error) {
	rec, rev, err := s.getRecord(ctx, username)
	if err != nil {
		return nil, err
	}
	return rec.user(rev), nil
}

// ListUsers answers every user in username order (of the escaped names).
func (s *Service) ListUsers(ctx context.Context) ([]*User, error) {
	recs, err := s.listRecords(ctx)
	if err != nil {
		return nil, err
	}
	users := make([]*User, 0, len(recs))
	for _, rec := range recs {
		users = append(users, rec.user(rec.rev))
	}
	return users, nil
}

// revRecord is a record with the revision it was read at.
type revRecord struct {
	*record
	rev int64
}

func (s *Service) listRecords(ctx context.Context) ([]revRecord, error) {
	kvs, _, err := s.st.List(ctx, usersPrefix)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	recs := make([]revRecord, 0, len(kvs))
	for _, kv := range kvs {
		rec, err := decodeRecord(kv)
		if err != nil {
			return nil, err
		}
		recs = append(recs, revRecord{rec, kv.ModRevision})
	}
	return recs, nil
}

// DeleteUser removes a user; a missing user is not an error (as in Nacos).
// A global admin cannot be deleted, so an installation never loses its last
// way in.
func (s *Service) DeleteUser(ctx context.Context, username string) error {
	for range maxAttempts {
		rec, rev, err := s.getRecord(ctx, username)
		if registry.KindOf(err) == registry.KindNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.GlobalAdmin {
			return registry.FieldErrorf(registry.KindInvalid, "username", "cannot delete admin: %s", username)
		}
		key := userKey(username)
		res, err := s.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(key, rev)}, Then: []store.Op{store.Delete(key)}})
		if err != nil {
			return fmt.Errorf("delete user %q: %w", username, err)
		}
		if res.Succeeded {
			return nil
		}
	}
	return registry.Errorf(registry.KindConflict, "user %s changed concurrently, retry", username)
}

// ChangePassword sets a new password and revokes every token issued
// before (Nacos keeps them valid until they expire). As in Nacos, a
// global admin may change anyone's password and another user only their
// own; by is the caller, nil when authentication is off.
func (s *Service) ChangePassword(ctx context.Context, by *Identity, username, newPassword string) error {
	if by != nil && !by.GlobalAdmin && by.Username != username {
		return ErrForbidden
	}
	if err := CheckStrength(username, newPassword); err != nil {
		return err
	}
	hash, err := hashPassword(newPassword, s.cost)
	if err != nil {
		return err
	}
	return s.updateUser(ctx, username, func(rec *record) error {
		rec.PasswordHash = hash
		rec.TokenGen++
		return nil
	})
}

// updateUser applies edit to a user's record under a revision guard,
// retrying when another write won; edit's error stops it.
func (s *Service) updateUser(ctx context.Context, username string, edit func(*record) error) error {
	for range maxAttempts {
		rec, rev, err := s.getRecord(ctx, username)
		if err != nil {
			return err
		}
		if err := edit(rec); err != nil {
			return err
		}
		ok, err := s.putIfUnchanged(ctx, rec, rev)
		if err != nil || ok {
			return err
		}
	}
	return registry.Errorf(registry.KindConflict, "user %s changed concurrently, retry", username)
}

func (s *Service) putIfUnchanged(ctx context.Context, rec *record, rev int64) (bool, error) {
	val, err := json.Marshal(rec)
	if err != nil {
		return false, fmt.Errorf("encode user: %w", err)
	}
	key := userKey(rec.Username)
	res, err := s.st.Commit(ctx, store.Txn{If: []store.Cmp{store.Unchanged(key, rev)}, Then: []store.Op{store.Put(key, val)}})
	if err != nil {
		return false, fmt.Errorf("update user %q: %w", rec.Username, err)
	}
	return res.Succeeded, nil
}

func (s *Service) getRecord(ctx context.Context, username string) (*record, int64, error) {
	kv, err := s.st.Get(ctx, userKey(username))
	if errors.Is(err, store.ErrNotFound) {
		return nil, 0, registry.FieldErrorf(registry.KindNotFound, "username", "user %s not exist!", username)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read user %q: %w", username, err)
	}
	rec, err := decodeRecord(kv)
	if err != nil {
		return nil, 0, err
	}
	return rec, kv.ModRevision, nil
}

func decodeRecord(kv store.KV) (*record, error) {
	var rec record
	if err := json.Unmarshal(kv.Value, &rec); err != nil {
		return nil, fmt.Errorf("decode user %s: %w", kv.Key, err)
	}
	return &rec, nil
}

func (r *record) user(rev int64) *User {
	return &User{Username: r.Username, GlobalAdmin: r.GlobalAdmin, Roles: slices.Clone(r.Roles), CreatedAt: r.CreatedAt, Revision: rev}
}

func (r *record) identity() *Identity {
	return &Identity{Username: r.Username, GlobalAdmin: r.GlobalAdmin, Roles: slices.Clone(r.Roles)}
}

// validateUsername follows Nacos (not blank, at most the 50 characters of its
// users table) and adds what a key and a log line need: valid UTF-8, no
// control characters, no surrounding spaces a user could not see.
func validateUsername(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return registry.FieldErrorf(registry.KindInvalid, "username", "username is blank")
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return registry.FieldErrorf(registry.KindInvalid, "username", "username contains illegal characters")
	case strings.TrimSpace(name) != name:
		return registry.FieldErrorf(registry.KindInvalid, "username", "username must not start or end with spaces")
	case utf8.RuneCountInString(name) > MaxUsernameLen:
		return registry.FieldErrorf(registry.KindInvalid, "username", "username must not exceed %d characters", MaxUsernameLen)
	}
	return nil
}

// hashPassword validates a password as Nacos does (not blank, at most 72)
// and hashes it.
func hashPassword(password string, cost int) (string, error) {
	if strings.TrimSpace(password) == "" {
		return "", registry.FieldErrorf(registry.KindInvalid, "password", "password is blank")
	}
	if len(password) > MaxPasswordBytes {
		return "", registry.FieldErrorf(registry.KindInvalid, "password", "Password length must not exceed %d bytes", MaxPasswordBytes)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(hash), nil
}
