package auth

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
)

// Login checks a username and password and issues a token. Every failure a
// client can cause answers ErrBadCredentials (or a throttling error), so a
// caller cannot tell an unknown user from a wrong password, not even by
// timing: an unknown user costs a bcrypt comparison too.
func (s *Service) Login(ctx context.Context, username, password string) (*Token, error) {
	rec, err := s.checkPassword(ctx, username, password)
	if err != nil {
		return nil, err
	}
	return s.tokenFor(rec)
}

// CheckPassword answers who a username and password identify, without
// issuing a token: Nacos takes the pair on any secured request in place of
// a token. It is Login's check, with the same bcrypt cost, throttling and
// refusals, so that no route makes guessing cheaper than the login route.
func (s *Service) CheckPassword(ctx context.Context, username, password string) (*Identity, error) {
	rec, err := s.checkPassword(ctx, username, password)
	if err != nil {
		return nil, err
	}
	return &Identity{Username: rec.Username, GlobalAdmin: rec.GlobalAdmin}, nil
}

func (s *Service) checkPassword(ctx context.Context, username, password string) (*record, error) {
	// bcrypt compares only the first 72 bytes; a longer password can never
	// be the one stored, and must not match on its prefix.
	if strings.TrimSpace(username) == "" || strings.TrimSpace(password) == "" || len(password) > MaxPasswordBytes {
		return nil, ErrBadCredentials
	}
	if err := s.throttle.check(username); err != nil {
		return nil, err
	}
	rec, _, err := s.getRecord(ctx, username)
	if registry.KindOf(err) == registry.KindNotFound {
		_ = bcrypt.CompareHashAndPassword(s.dummyHash(), []byte(password))
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	seen := s.passes.sum(username, password, rec.PasswordHash)
	if s.passes.hit(seen) {
		s.throttle.forget(username)
		return rec, nil
	}
	if bcrypt.CompareHashAndPassword([]byte(rec.PasswordHash), []byte(password)) != nil {
		s.throttle.fail(username)
		return nil, ErrBadCredentials
	}
	s.passes.add(seen)
	s.throttle.forget(username)
	return rec, nil
}

// LoginWithToken answers a fresh view of a still valid token, as Nacos's
// login does when it is called with a token instead of a password.
func (s *Service) LoginWithToken(ctx context.Context, token string) (*Token, error) {
	id, c, err := s.verify(ctx, token)
	if err != nil {
		return nil, err
	}
	return &Token{AccessToken: token, TTL: s.remaining(c), Username: id.Username, GlobalAdmin: id.GlobalAdmin}, nil
}

func (s *Service) tokenFor(rec *record) (*Token, error) {
	tok, ttl, err := s.Issue(rec.Username)
	if err != nil {
		return nil, err
	}
	return &Token{AccessToken: tok, TTL: ttl, Username: rec.Username, GlobalAdmin: rec.GlobalAdmin}, nil
}

// dummyHash is compared against for unknown users, at the cost real
// hashes have, so both failures take as long.
func (s *Service) dummyHash() []byte {
	s.dummyOnce.Do(func() {
		s.dummy, _ = bcrypt.GenerateFromPassword([]byte("causeway-timing-equaliser"), s.cost)
	})
	return s.dummy
}

// Throttling: after freeFailures wrong passwords in a row, a user's next
// attempt must wait, doubling up to maxLockout. Only existing users are
// tracked, so guessing names cannot grow the table. The wait is short on
// purpose: it slows guessing to a crawl without letting an attacker lock the
// admin out for long.
const (
	freeFailures = 5
	maxLockout   = 30 * time.Second
)

type throttle struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]*failures
}

type failures struct {
	n     int
	until time.Time
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, m: map[string]*failures{}}
}

func (t *throttle) check(user string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.m[user]
	if f == nil {
		return nil
	}
	if wait := f.until.Sub(t.now()); wait > 0 {
		return throttled(wait)
	}
	return nil
}

func (t *throttle) fail(user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.m[user]
	if f == nil {
		f = &failures{}
		t.m[user] = f
	}
	f.n++
	if over := f.n - freeFailures; over >= 0 {
		f.until = t.now().Add(min(time.Second<<min(over, 10), maxLockout))
	}
}

func (t *throttle) forget(user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, user)
}
