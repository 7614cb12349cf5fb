package auth

import (
	"context"
	"errors"
	"testing"
	"time"
)

func (c *passCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.expires)
}

// A right password is remembered for passCacheTTL; a wrong one never is;
// a changed password or a recreated user is compared afresh.
func TestPassCache(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := context.Background()
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "nope"); !errors.Is(err, ErrBadCredentials) {
		t.Fatal(err)
	}
	if n := s.passes.size(); n != 0 {
		t.Fatalf("a failure was remembered: %d entries", n)
	}
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	if n := s.passes.size(); n != 1 {
		t.Fatalf("a success was not remembered: %d entries", n)
	}
	rec, _, err := s.getRecord(ctx, DefaultAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if !s.passes.hit(s.passes.sum(DefaultAdmin, "S3cret-pw", rec.PasswordHash)) {
		t.Fatal("no hit for the remembered password")
	}
	if s.passes.hit(s.passes.sum(DefaultAdmin, "s3cret2", rec.PasswordHash)) ||
		s.passes.hit(s.passes.sum(DefaultAdmin+"x", "S3cret-pw", rec.PasswordHash)) {
		t.Fatal("a hit for another password or user")
	}

	// Past the TTL the entry is no longer used.
	clk.Add(passCacheTTL)
	if s.passes.hit(s.passes.sum(DefaultAdmin, "S3cret-pw", rec.PasswordHash)) {
		t.Fatal("hit after the TTL")
	}

	// A changed password: the old one is refused although it was remembered.
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, nil, DefaultAdmin, "N3w-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("old password after a change: %v", err)
	}
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "N3w-password"); err != nil {
		t.Fatalf("new password: %v", err)
	}

	// A user deleted and created again with the same password is another
	// record with another hash.
	if _, err := s.CreateUser(ctx, "bob", "Bob-pw-12", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckPassword(ctx, "bob", "Bob-pw-12"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckPassword(ctx, "bob", "Bob-pw-12"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("deleted user: %v", err)
	}
	before := s.passes.size()
	if _, err := s.CreateUser(ctx, "bob", "Bob-pw-12", true); err != nil {
		t.Fatal(err)
	}
	id, err := s.CheckPassword(ctx, "bob", "Bob-pw-12")
	if err != nil || !id.GlobalAdmin {
		t.Fatalf("recreated user: %+v, %v", id, err)
	}
	if s.passes.size() != before+1 {
		t.Fatal("the recreated user hit the old entry")
	}
}

// The cache stays bounded: when full it drops what expired, else starts over.
func TestPassCacheBounded(t *testing.T) {
	t.Parallel()
	clk := newClock()
	c := newPassCache(clk.Now)
	for i := range passCacheMax {
		c.add(c.sum("u", string(rune(i)), "h"))
	}
	clk.Add(passCacheTTL / 2)
	c.add(c.sum("u", "fresh", "h"))
	if n := c.size(); n != 1 {
		t.Fatalf("full cache of live entries: %d entries after an add", n)
	}
	clk.Add(passCacheTTL / 3)
	for i := range passCacheMax - 1 {
		c.add(c.sum("v", string(rune(i)), "h"))
	}
	clk.Add(passCacheTTL*2/3 + time.Second) // "fresh" has expired, the rest not
	c.add(c.sum("w", "x", "h"))
	if n := c.size(); n != passCacheMax {
		t.Fatalf("after dropping the expired one: %d entries", n)
	}
}
