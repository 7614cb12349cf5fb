package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	nacosauth "github.com/causeway-dev/causeway/api/nacos/auth"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

var fixedNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

const badCredentials = "User not found! Please check user exist or password is right!"

func newServer(t *testing.T) (*http.ServeMux, *auth.Service, httpx.Dialect) {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := auth.New(st, auth.Options{PasswordCost: bcrypt.MinCost})
	if _, err := svc.Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	d := nacosauth.Dialect(svc, nacosauth.Options{Now: func() time.Time { return fixedNow }})
	httpx.Mount(mux, httpx.NewTokenAuth(svc), d)
	return mux, svc, d
}

func post(mux http.Handler, target string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

var routes = []string{"/nacos/v1/auth/login", "/nacos/v1/auth/users/login", "/nacos/v3/auth/user/login"}

func TestLoginAnswersNacosShape(t *testing.T) {
	mux, svc, _ := newServer(t)
	for _, route := range routes {
		t.Run(route, func(t *testing.T) {
			// As the Java client sends it: username in the query, password in the body.
			w := post(mux, route+"?username=nacos", url.Values{"password": {"S3cret-pw"}})
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("got %d %s %q", w.Code, w.Header().Get("Content-Type"), w.Body)
			}
			var ans struct {
				AccessToken string `json:"accessToken"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &ans); err != nil {
				t.Fatal(err)
			}
			want := `{"accessToken":"` + ans.AccessToken + `","tokenTtl":18000,"globalAdmin":true,"username":"nacos"}`
			if strings.TrimSpace(w.Body.String()) != want {
				t.Fatalf("body %s\nwant %s", w.Body, want)
			}
			if w.Header().Get("Authorization") != "Bearer "+ans.AccessToken {
				t.Fatalf("Authorization header %q", w.Header().Get("Authorization"))
			}
			if _, err := svc.Verify(context.Background(), ans.AccessToken); err != nil {
				t.Fatalf("issued token does not verify: %v", err)
			}
		})
	}
}

func TestLoginNonAdmin(t *testing.T) {
	mux, svc, _ := newServer(t)
	if _, err := svc.CreateUser(context.Background(), "alice", "Alice-pw-1", false); err != nil {
		t.Fatal(err)
	}
	w := post(mux, "/nacos/v1/auth/login", url.Values{"username": {"alice"}, "password": {"Alice-pw-1"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"globalAdmin":false,"username":"alice"`) {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestLoginRefusals(t *testing.T) {
	cases := map[string]url.Values{
		"bad password":   {"username": {"nacos"}, "password": {"wrong"}},
		"unknown user":   {"username": {"ghost"}, "password": {"S3cret-pw"}},
		"empty username": {"username": {""}, "password": {"S3cret-pw"}},
		"padded pass":    {"username": {"nacos"}, "password": {" S3cret-pw"}},
	}
	for _, route := range routes {
		mux, _, _ := newServer(t) // fresh, or the failures add up to throttling
		for name, form := range cases {
			t.Run(route+"/"+name, func(t *testing.T) {
				w := post(mux, route, form)
				if w.Code != http.StatusForbidden || w.Body.String() != badCredentials ||
					w.Header().Get("Content-Type") != "text/plain;charset=UTF-8" {
					t.Fatalf("got %d %s %q", w.Code, w.Header().Get("Content-Type"), w.Body)
				}
			})
		}
	}
}

func TestLoginMissingParameters(t *testing.T) {
	mux, _, _ := newServer(t)
	spring := func(param, path string) string {
		return `{"timestamp":"2025-06-01T12:00:00.000+00:00","status":400,"error":"Bad Request",` +
			`"message":"Required parameter '` + param + `' is not present.","path":"` + path + `"}`
	}
	for _, route := range routes[:2] { // the v1 controller: Spring's required parameters
		w := post(mux, route, url.Values{"password": {"S3cret-pw"}})
		if w.Code != http.StatusBadRequest || strings.TrimSpace(w.Body.String()) != spring("username", route) {
			t.Errorf("%s no username: got %d %s", route, w.Code, w.Body)
		}
		w = post(mux, route, url.Values{"username": {"nacos"}})
		if w.Code != http.StatusBadRequest || strings.TrimSpace(w.Body.String()) != spring("password", route) {
			t.Errorf("%s no password: got %d %s", route, w.Code, w.Body)
		}
	}
	// The v3 controller declares no parameters: nothing given fails as bad
	// credentials.
	w := post(mux, routes[2], url.Values{})
	if w.Code != http.StatusForbidden || w.Body.String() != badCredentials {
		t.Errorf("v3 nothing given: got %d %s", w.Code, w.Body)
	}
}

func TestLoginWithTokenOnV3(t *testing.T) {
	mux, svc, _ := newServer(t)
	tok, err := svc.Login(context.Background(), "nacos", "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, routes[2], nil)
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"accessToken":"`+tok.AccessToken+`"`) {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
	// A stale token does not stand in the way of a password.
	w = post(mux, routes[2]+"?accessToken=stale", url.Values{"username": {"nacos"}, "password": {"S3cret-pw"}})
	if w.Code != http.StatusOK {
		t.Fatalf("password with stale token: got %d %s", w.Code, w.Body)
	}
}

func TestDeny(t *testing.T) {
	_, _, d := newServer(t)
	cases := []struct {
		err    error
		status int
		msg    string
	}{
		{auth.ErrTokenExpired, http.StatusForbidden, "token expired!"},
		{auth.ErrTokenMissing, http.StatusForbidden, "user not found!"},
		{errors.New("disk on fire"), http.StatusInternalServerError, "Server failed, disk on fire"},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		d.Deny(w, httptest.NewRequest(http.MethodGet, "/nacos/v1/ns/instance/list", nil), c.err)
		want := `{"timestamp":"2025-06-01T12:00:00.000+00:00","status":` + itoa(c.status) + `,"error":"` +
			http.StatusText(c.status) + `","message":"` + c.msg + `","path":"/nacos/v1/ns/instance/list"}`
		if w.Code != c.status || strings.TrimSpace(w.Body.String()) != want {
			t.Errorf("%v: got %d %s", c.err, w.Code, w.Body)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
