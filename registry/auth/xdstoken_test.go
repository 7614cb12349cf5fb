package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
)

func TestXDSTokenRoundTrip(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	tok, id, err := s.IssueXDS(XDSIdentity{Role: XDSRoleGateway, GatewayID: "gw1"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if id.Namespace != "public" || !id.ExpiresAt.Equal(clk.Now().Add(time.Hour)) {
		t.Fatalf("issued %+v", id)
	}
	got, err := s.VerifyXDS(tok)
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != XDSRoleGateway || got.GatewayID != "gw1" || got.Namespace != "public" || !got.ExpiresAt.Equal(id.ExpiresAt) {
		t.Fatalf("verified %+v, issued %+v", got, id)
	}
}

func TestXDSTokenExpiry(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	tok, _, err := s.IssueXDS(XDSIdentity{Role: XDSRoleSidecar, Namespace: "dev"}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute) // up to and including its exp second, like login tokens
	if _, err := s.VerifyXDS(tok); err != nil {
		t.Fatalf("at exp: %v", err)
	}
	clk.Add(time.Second)
	if _, err := s.VerifyXDS(tok); !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("after exp: %v", err)
	}
}

// TestXDSTokenRefusals: tampered payloads, foreign secrets and login tokens
// are refused, and an xDS token never passes as a login token.
func TestXDSTokenRefusals(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	other, _, _ := booted(t) // its own random secret
	tok, _, err := s.IssueXDS(XDSIdentity{Role: XDSRoleSidecar, Namespace: "dev"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	login, _, err := s.Issue(DefaultAdmin)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	forged := b64.EncodeToString([]byte(`{"role":"sidecar","ns":"prod","exp":99999999999}`))
	foreign, _, err := other.IssueXDS(XDSIdentity{Role: XDSRoleSidecar, Namespace: "dev"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]string{
		"empty":            "",
		"garbage":          "not-a-token",
		"tampered payload": parts[0] + "." + forged + "." + parts[2],
		"tampered sig":     parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"other secret":     foreign,
		"login token":      login,
		"login header":     hs256Header + "." + parts[1] + "." + parts[2],
	} {
		if _, err := s.VerifyXDS(bad); registry.KindOf(err) != registry.KindUnauthorized {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}
	if _, err := s.Verify(t.Context(), tok); registry.KindOf(err) != registry.KindUnauthorized {
		t.Errorf("xDS token as login token: %v", err)
	}
}

func TestXDSTokenIssueValidation(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	for name, c := range map[string]struct {
		id  XDSIdentity
		ttl time.Duration
	}{
		"no role":              {XDSIdentity{}, time.Hour},
		"unknown role":         {XDSIdentity{Role: "admin"}, time.Hour},
		"gateway without id":   {XDSIdentity{Role: XDSRoleGateway}, time.Hour},
		"sidecar with gw id":   {XDSIdentity{Role: XDSRoleSidecar, GatewayID: "gw1"}, time.Hour},
		"negative ttl":         {XDSIdentity{Role: XDSRoleGRPC}, -time.Second},
		"ttl over a year":      {XDSIdentity{Role: XDSRoleGRPC}, MaxXDSTokenTTL + time.Second},
		"control in namespace": {XDSIdentity{Role: XDSRoleGRPC, Namespace: "a\nb"}, time.Hour},
	} {
		if _, _, err := s.IssueXDS(c.id, c.ttl); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}
