package servicecomb

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// What a permission check adds to a request addressed by service id: the
// same GET as the global admin (no check) and as a user whose permission
// is checked (a view lookup for the app, one store Get of the role's
// permissions, a compiled pattern match).
func BenchmarkGetServiceByRole(b *testing.B) {
	p := newPermFixture(b)
	path := "/v4/dev/registry/microservices/" + p.shopID
	for _, c := range []struct{ name, token string }{{"admin", p.admin}, {"shop-rw", p.users["shop-rw"]}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+c.token)
			for b.Loop() {
				rec := httptest.NewRecorder()
				p.mux.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
