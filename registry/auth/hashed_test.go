package auth

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// A user created from HashPassword's hash logs in with the password; a
// weak password is refused before hashing, a hash that is none is refused.
func TestCreateUserHashed(t *testing.T) {
	s := newSvc(memStore(t), Options{})
	ctx := context.Background()
	hash, err := s.HashPassword("eng", "Engine-pass-123")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUserHashed(ctx, "eng", hash, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckPassword(ctx, "eng", "Engine-pass-123"); err != nil {
		t.Fatalf("login: %v", err)
	}
	cases := []struct{ name, run string }{{"weak", "weak"}, {"not a hash", "hash"}, {"taken", "taken"}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			want := registry.KindInvalid
			switch c.run {
			case "weak":
				_, err = s.HashPassword("eng2", "a")
			case "hash":
				_, err = s.CreateUserHashed(ctx, "eng2", "Engine-pass-123", false)
			case "taken":
				_, err = s.CreateUserHashed(ctx, "eng", hash, false)
				want = registry.KindConflict
			}
			if registry.KindOf(err) != want {
				t.Fatalf("got %v, want %v", err, want)
			}
		})
	}
}
