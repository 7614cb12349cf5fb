package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
)

const secretBytes = 32

// Bootstrap prepares auth at start-up: it loads the token-signing secret,
// creating it on first start, and creates the global admin DefaultAdmin when
// there is none. The admin gets adminPassword, or when that is empty a
// generated one, which is returned so that the caller prints it once; it is
// not stored anywhere in clear.
//
// When the admin already exists, adminPassword is ignored, as Nacos ignores
// its initial password after the first start: a flag left in a unit file must
// not silently reset a password changed since. A differing password is
// logged as a warning; change it through the user API.
//
// Several processes sharing one store may bootstrap at once: the secret and
// the admin are created under an Absent guard, and every process reads back
// the one that won.
func (s *Service) Bootstrap(ctx context.Context, adminPassword string) (generatedPassword string, err error) {
	if err := s.loadSecret(ctx); err != nil {
		return "", err
	}
	return s.ensureAdmin(ctx, adminPassword)
}

func (s *Service) loadSecret(ctx context.Context) error {
	fresh := base64.StdEncoding.EncodeToString(randomBytes(secretBytes))
	_, err := s.st.Commit(ctx, store.Txn{
		If:   []store.Cmp{store.Absent(secretKey)},
		Then: []store.Op{store.Put(secretKey, []byte(fresh))},
	})
	if err != nil {
		return fmt.Errorf("create token secret: %w", err)
	}
	kv, err := s.st.Get(ctx, secretKey)
	if err != nil {
		return fmt.Errorf("read token secret: %w", err)
	}
	// Base64, the encoding of Nacos's token.secret.key, so an operator can
	// read it with any tool.
	key, err := base64.StdEncoding.DecodeString(string(kv.Value))
	if err != nil || len(key) < secretBytes {
		return fmt.Errorf("token secret under %s is corrupt: want base64 of at least %d bytes", secretKey, secretBytes)
	}
	s.secret.Store(&key)
	return nil
}

func (s *Service) ensureAdmin(ctx context.Context, adminPassword string) (string, error) {
	rec, _, err := s.getRecord(ctx, DefaultAdmin)
	if err == nil {
		s.warnIfDifferent(rec, adminPassword)
		return "", nil
	}
	if registry.KindOf(err) != registry.KindNotFound {
		return "", err
	}
	password, generated := adminPassword, ""
	if password == "" {
		password = rand.Text()
		generated = password
	}
	_, err = s.CreateUser(ctx, DefaultAdmin, password, true)
	if registry.KindOf(err) == registry.KindConflict { // another process won
		if rec, _, err := s.getRecord(ctx, DefaultAdmin); err == nil {
			s.warnIfDifferent(rec, adminPassword)
		}
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("create admin %s: %w", DefaultAdmin, err)
	}
	return generated, nil
}

func (s *Service) warnIfDifferent(rec *record, adminPassword string) {
	if adminPassword == "" || bcrypt.CompareHashAndPassword([]byte(rec.PasswordHash), []byte(adminPassword)) == nil {
		return
	}
	s.log.Warn("admin password given but the admin user already exists with another password; it was left unchanged",
		"user", DefaultAdmin)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails since Go 1.24; it crashes instead
	return b
}
