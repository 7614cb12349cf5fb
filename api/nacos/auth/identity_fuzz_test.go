package auth_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// FuzzAuthenticate feeds the Nacos authenticator arbitrary queries, form
// bodies and credential headers: it must never panic, must succeed only for
// the admin's real password or token, and must leave the body for the
// handler exactly as it came.
func FuzzAuthenticate(f *testing.F) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{PasswordCost: bcrypt.MinCost})
	if _, err := svc.Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		f.Fatal(err)
	}
	a := nacosauth.NewAuthenticator(svc)
	f.Add("username=nacos&password=S3cret-pw", "", "", "")
	f.Add("", "username=nacos&password=S3cret-pw", "", "")
	f.Add("username=nacos", "password=S3cret-pw&accessToken=", "", "")
	f.Add("username=%zz&password=S3cret-pw", "password=%", "nacos", "x")
	f.Add("accessToken=a.b.c", "username=nacos&password=S3cret-pw", "", "")
	f.Add(";;&&==", "username=&password=", "", "S3cret-pw")
	f.Fuzz(func(t *testing.T, query, body, hdrUser, hdrPass string) {
		r := httptest.NewRequest(http.MethodPost, "/nacos/v1/ns/instance", strings.NewReader(body))
		r.URL.RawQuery = query
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if hdrUser != "" {
			r.Header["Username"] = []string{hdrUser}
		}
		if hdrPass != "" {
			r.Header["Password"] = []string{hdrPass}
		}
		id, err := a.Authenticate(r)
		if err == nil && (id == nil || id.Username != auth.DefaultAdmin) {
			t.Fatalf("authenticated as %+v", id)
		}
		if err != nil && auth.ReasonOf(err) == auth.ReasonNone {
			t.Fatalf("a client's input caused a server error: %v", err)
		}
		rest, _ := io.ReadAll(r.Body)
		if string(rest) != body {
			t.Fatalf("body left for the handler %q, want %q", rest, body)
		}
	})
}
