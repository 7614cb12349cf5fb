package auth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
)

// untouchable is a body that fails the test if anyone reads it.
type untouchable struct{ t *testing.T }

func (u untouchable) Read([]byte) (int, error) {
	u.t.Error("the body was read before the credentials outside it were checked")
	return 0, errors.New("read")
}

func (untouchable) Close() error { return nil }

// A username/password pair given whole in the query or the headers is
// checked without reading the body (issue 17 finding 6).
func TestCredentialsOutsideTheBodyLeaveItUnread(t *testing.T) {
	_, svc, _ := newServer(t)
	a := nacosauth.NewAuthenticator(svc)
	for name, build := range map[string]func(*http.Request){
		"query":   func(r *http.Request) { r.URL.RawQuery = "username=nacos&password=S3cret-pw" },
		"headers": func(r *http.Request) { r.Header.Set("username", "nacos"); r.Header.Set("password", "S3cret-pw") },
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/nacos/v1/cs/configs", nil)
			r.Body = untouchable{t}
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			build(r)
			if id, err := a.Authenticate(r); err != nil || id.Username != "nacos" {
				t.Fatalf("Authenticate = %v, %v", id, err)
			}
		})
	}
}

// A login form is read before anyone is authenticated, so it is small.
func TestLoginRefusesALargeBody(t *testing.T) {
	mux, _, _ := newServer(t)
	form := url.Values{"username": {"nacos"}, "password": {"S3cret-pw"}, "pad": {strings.Repeat("a", 1<<20)}}
	if w := post(mux, "/nacos/v1/auth/login", form); w.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400 for a 1 MiB login form", w.Code)
	}
}
