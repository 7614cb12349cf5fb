package auth

import (
	"context"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
)

// A caller that must keep a password until later (a CSE engine's job
// creates the engine's user in a step that may run after a restart)
// keeps its hash instead: HashPassword checks and hashes it now, and
// CreateUserHashed creates the user from that hash.

// HashPassword checks password as CreateUser does and answers its hash.
func (s *Service) HashPassword(username, password string) (string, error) {
	if err := CheckStrength(username, password); err != nil {
		return "", err
	}
	return hashPassword(password, s.cost)
}

// CreateUserHashed is CreateUser with the password's hash (HashPassword).
func (s *Service) CreateUserHashed(ctx context.Context, username, hash string, globalAdmin bool) (*User, error) {
	if err := validateUsername(username); err != nil {
		return nil, err
	}
	if _, err := bcrypt.Cost([]byte(hash)); err != nil || !strings.HasPrefix(hash, "$2") {
		return nil, registry.FieldErrorf(registry.KindInvalid, "password", "not a password hash")
	}
	return s.createHashed(ctx, username, hash, globalAdmin)
}
