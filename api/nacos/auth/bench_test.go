package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// BenchmarkAuthenticate compares a request carrying a token with one
// carrying the right password, at the default bcrypt cost the server runs
// with: after the first comparison, registry/auth remembers the right
// password for a minute, so the two cost about the same (a wrong password
// still costs a full comparison every time).
func BenchmarkAuthenticate(b *testing.B) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{})
	ctx := context.Background()
	if _, err := svc.Bootstrap(ctx, "S3cret-pw"); err != nil {
		b.Fatal(err)
	}
	tok, err := svc.Login(ctx, auth.DefaultAdmin, "S3cret-pw")
	if err != nil {
		b.Fatal(err)
	}
	a := nacosauth.NewAuthenticator(svc)
	for _, c := range []struct {
		name  string
		query url.Values
	}{
		{"token", url.Values{"accessToken": {tok.AccessToken}}},
		{"password", url.Values{"username": {auth.DefaultAdmin}, "password": {"S3cret-pw"}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			target := "/nacos/v1/ns/instance/list?" + c.query.Encode()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodGet, target, nil)
				if _, err := a.Authenticate(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
