package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

// hs256Header is base64url({"alg":"HS256"}), byte for byte the header Nacos
// puts on its tokens; any other header is refused like Nacos refuses it.
const hs256Header = "eyJhbGciOiJIUzI1NiJ9"

var b64 = base64.RawURLEncoding

// claims is the token payload. Field order matches Nacos's.
// Gen is the user's token generation when the token was issued: a
// password change moves it on, which revokes every earlier token. Nacos's
// tokens have no such claim; tools that read sub and exp are unaffected,
// and a token without it is of generation 0.
type claims struct {
	Sub string `json:"sub"`
	Exp int64  `json:"exp"`
	Gen int64  `json:"gen,omitempty"`
}

// Identity is who a verified token acts as.
type Identity struct {
	Username    string
	GlobalAdmin bool
	// Roles are the user's roles other than ROLE_ADMIN (GlobalAdmin).
	Roles     []string
	ExpiresAt time.Time
}

// Token is the answer to a successful login.
type Token struct {
	AccessToken string
	// TTL is what is left of the token's life, in whole seconds (Nacos's
	// tokenTtl).
	TTL         time.Duration
	Username    string
	GlobalAdmin bool
}

var errNoSecret = errors.New("auth: signing secret not loaded (Bootstrap not run)")

// Issue signs a token for username that lives TokenTTL. It does not check
// that the user exists: Login does, and Verify does on every use.
func (s *Service) Issue(username string) (token string, ttl time.Duration, err error) {
	return s.issue(username, 0)
}

func (s *Service) issue(username string, gen int64) (token string, ttl time.Duration, err error) {
	key := s.secret.Load()
	if key == nil {
		return "", 0, errNoSecret
	}
	payload, err := json.Marshal(claims{Sub: username, Exp: s.now().Unix() + int64(s.ttl/time.Second), Gen: gen})
	if err != nil {
		return "", 0, fmt.Errorf("encode token: %w", err)
	}
	unsigned := hs256Header + "." + b64.EncodeToString(payload)
	return unsigned + "." + sign(*key, unsigned), s.ttl, nil
}

// Verify checks a token, that its user still exists and that the user's
// password did not change since it was issued. Failures are
// *AuthError with Nacos's texts; store failures are returned as they are.
func (s *Service) Verify(ctx context.Context, token string) (*Identity, error) {
	id, _, err := s.verify(ctx, token)
	return id, err
}

func (s *Service) verify(ctx context.Context, token string) (*Identity, *claims, error) {
	c, err := s.parse(token)
	if err != nil {
		return nil, nil, err
	}
	rec, _, err := s.getRecord(ctx, c.Sub)
	if registry.KindOf(err) == registry.KindNotFound {
		return nil, nil, ErrUserNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if c.Gen != rec.TokenGen {
		return nil, nil, ErrTokenRevoked
	}
	id := rec.identity()
	id.ExpiresAt = time.Unix(c.Exp, 0)
	return id, c, nil
}

// parse checks form, signature and expiry, in Nacos's order so that the
// same bad token gets the same text.
func (s *Service) parse(token string) (*claims, error) {
	key := s.secret.Load()
	if key == nil {
		return nil, errNoSecret
	}
	if strings.TrimSpace(token) == "" {
		return nil, ErrTokenMissing
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, ErrTokenInvalid
	}
	if parts[0] != hs256Header {
		return nil, errAlgorithm
	}
	want := sign(*key, parts[0]+"."+parts[1])
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return nil, errSignature
	}
	var c claims
	raw, err := b64.DecodeString(parts[1])
	if err != nil || json.Unmarshal(raw, &c) != nil || c.Sub == "" {
		return nil, ErrTokenInvalid
	}
	// Nacos accepts a token up to and including its exp second.
	if s.now().Unix() > c.Exp {
		return nil, ErrTokenExpired
	}
	return &c, nil
}

// remaining answers what is left of a valid token's life.
func (s *Service) remaining(c *claims) time.Duration {
	return time.Duration(c.Exp-s.now().Unix()) * time.Second
}

func sign(key []byte, unsigned string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(unsigned))
	return b64.EncodeToString(m.Sum(nil))
}
