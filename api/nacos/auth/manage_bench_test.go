package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

// BenchmarkUserListPage measures a console page of users (v3, blur
// search) with 1,000 users stored: every list reads all user records,
// as the model keeps no index by name.
func BenchmarkUserListPage(b *testing.B) {
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{PasswordCost: bcrypt.MinCost})
	ctx := context.Background()
	if _, err := svc.Bootstrap(ctx, "S3cret-pw"); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		if _, err := svc.CreateUser(ctx, fmt.Sprintf("user-%04d", i), "User-pw-123", false); err != nil {
			b.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, nacosauth.Dialect(svc, nacosauth.Options{}))
	b.ResetTimer()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodGet, "/nacos/v3/auth/user/list?pageNo=3&pageSize=10&search=blur&username=user-0", nil)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
