package nacosaccess_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	regauth "github.com/causeway-dev/causeway/registry/auth"
)

// BenchmarkConfigGet measures a v2 config read through the mounted
// routes, in process: as the global admin (no permission check) and as a
// user whose role grants it (scope read + Authorize). The difference is
// what authorization costs a non-admin's request.
func BenchmarkConfigGet(b *testing.B) {
	s := newServer(b)
	ctx := context.Background()
	admin, err := s.auth.Login(ctx, "nacos", password)
	if err != nil {
		b.Fatal(err)
	}
	user := s.user("dev", map[string]regauth.Action{"dev:*:*": regauth.ReadWrite, "test:G1:*": regauth.Read})
	if status, body := s.do("POST", "/nacos/v2/cs/config", admin.AccessToken, config2("dev", "G")); status != 200 {
		b.Fatalf("publish: %d %s", status, body)
	}
	for _, c := range []struct{ name, token string }{{"admin", admin.AccessToken}, {"user", user}} {
		q := url.Values{"accessToken": {c.token}, "namespaceId": {"dev"}, "group": {"G"}, "dataId": {"app"}}
		target := "/nacos/v2/cs/config?" + q.Encode()
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				s.mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
