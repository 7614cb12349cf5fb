package auth

import (
	"context"
	"crypto/sha256"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
)

// Login checks a username and password and issues a token. Every failure a
// client can cause answers ErrBadCredentials (or a throttling error), so a
// caller cannot tell an unknown user from a wrong password, not even by
// timing: an unknown user's answer takes as long as a comparison (see
// imitate) and is throttled like any other. The client address for
// throttling comes from ctx (WithClient).
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
	return rec.identity(), nil
}

// checkPassword is the one password check of every route. Its order is
// what keeps it cheap to refuse and hard to abuse:
//
//  1. malformed input is refused before anything is counted;
//  2. a (client, user) pair or client that must wait is refused at once;
//  3. a password that succeeded recently (passCache) needs no bcrypt;
//  4. the global gate grants a bcrypt slot (hosts that logged in lately
//     first, then fresh hosts one attempt at a time, then failing ones)
//     or refuses at once;
//  5. the attempt is counted, atomically with a last throttle check, and
//     only then is bcrypt run (or, for an unknown user, imitated);
//  6. a failure restarts its wait from now; a success clears what this
//     client counted for this user.
func (s *Service) checkPassword(ctx context.Context, username, password string) (*record, error) {
	// bcrypt compares only the first 72 bytes; a longer password can never
	// be the one stored, and must not match on its prefix.
	if strings.TrimSpace(username) == "" || strings.TrimSpace(password) == "" || len(password) > MaxPasswordBytes {
		return nil, ErrBadCredentials
	}
	client := clientOf(ctx)
	if err := s.throttle.check(client, username); err != nil {
		return nil, err
	}
	rec, _, err := s.getRecord(ctx, username)
	if err != nil && registry.KindOf(err) != registry.KindNotFound {
		return nil, err
	}
	var seen [sha256.Size]byte
	if rec != nil {
		seen = s.passes.sum(username, password, rec.PasswordHash)
		if s.passes.hit(seen) {
			s.throttle.succeed(client, username)
			return rec, nil
		}
	}
	lane, done := s.throttle.lane(client)
	defer done()
	if err := s.gate.enter(ctx, lane); err != nil {
		return nil, err
	}
	defer s.gate.release()
	if err := s.throttle.admit(client, username); err != nil {
		return nil, err
	}
	if rec == nil {
		s.imitate(ctx, password)
		s.throttle.failed(client, username)
		return nil, ErrBadCredentials
	}
	if s.compare([]byte(rec.PasswordHash), password) != nil {
		s.throttle.failed(client, username)
		return nil, ErrBadCredentials
	}
	s.passes.add(seen)
	s.throttle.succeed(client, username)
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
	tok, ttl, err := s.issue(rec.Username, rec.TokenGen)
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
