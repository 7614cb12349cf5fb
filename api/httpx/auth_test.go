package httpx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/auth"
	"github.com/causeway-dev/causeway/registry/store/badger"
)

type tokenAuthClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *tokenAuthClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *tokenAuthClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// tokenAuthFixture is a mux with one protected and one public route, whose
// Deny records the error it got.
type tokenAuthFixture struct {
	mux    *http.ServeMux
	clk    *tokenAuthClock
	token  string
	mu     sync.Mutex
	denied error
}

func newTokenAuthFixture(t *testing.T) *tokenAuthFixture {
	t.Helper()
	st, err := badger.Open(badger.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	f := &tokenAuthFixture{mux: http.NewServeMux(), clk: &tokenAuthClock{t: time.Unix(1_750_000_000, 0)}}
	svc := auth.New(st, auth.Options{Now: f.clk.Now, PasswordCost: bcrypt.MinCost})
	if _, err := svc.Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	tok, err := svc.Login(context.Background(), auth.DefaultAdmin, "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	f.token = tok.AccessToken
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := httpx.ReadParams(w, r)
		if err != nil {
			t.Errorf("handler could not read params: %v", err)
		}
		who := "anonymous"
		if id := httpx.IdentityFrom(r.Context()); id != nil {
			who = id.Username
			if id.GlobalAdmin {
				who += "(admin)"
			}
		}
		_, _ = io.WriteString(w, who+" x="+p.Get("x"))
	})
	httpx.Mount(f.mux, httpx.NewTokenAuth(svc), httpx.Dialect{
		Name: "test",
		Routes: []httpx.Route{
			{Pattern: "POST /protected", Handler: echo},
			{Pattern: "POST /public", Handler: echo, Public: true},
		},
		Deny: func(w http.ResponseWriter, _ *http.Request, err error) {
			f.mu.Lock()
			f.denied = err
			f.mu.Unlock()
			http.Error(w, err.Error(), http.StatusForbidden)
		},
	})
	return f
}

func (f *tokenAuthFixture) do(r *http.Request) (int, string) {
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, r)
	return w.Code, strings.TrimSpace(w.Body.String())
}

func (f *tokenAuthFixture) deniedWith() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.denied
}

func formRequest(target, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	return r
}

func TestTokenAuthCarriers(t *testing.T) {
	f := newTokenAuthFixture(t)
	q := url.QueryEscape(f.token)
	cases := map[string]*http.Request{
		"query":  formRequest("/protected?accessToken="+q, "x=1"),
		"form":   formRequest("/protected", "x=1&accessToken="+q),
		"header": formRequest("/protected", "x=1"),
		"bearer": formRequest("/protected", "x=1"),
		"cse":    formRequest("/protected", "x=1"),
	}
	cases["header"].Header.Set("accessToken", f.token)
	cases["bearer"].Header.Set("Authorization", "Bearer "+f.token)
	cases["cse"].Header.Set("X-Auth-Token", f.token)
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			code, body := f.do(r)
			// The handler still reads the form body after the middleware did.
			if code != http.StatusOK || body != "nacos(admin) x=1" {
				t.Fatalf("got %d %q", code, body)
			}
		})
	}
}

func TestTokenAuthBearerWinsOverQuery(t *testing.T) {
	f := newTokenAuthFixture(t)
	r := formRequest("/protected?accessToken=stale", "x=1")
	r.Header.Set("Authorization", "bearer "+f.token) // the scheme is case-insensitive
	if code, body := f.do(r); code != http.StatusOK {
		t.Fatalf("got %d %q", code, body)
	}
}

func TestTokenAuthDenials(t *testing.T) {
	f := newTokenAuthFixture(t)
	parts := strings.Split(f.token, ".")
	cases := []struct {
		name  string
		req   func() *http.Request
		want  error
		text  string
		after time.Duration
	}{
		{"missing", func() *http.Request { return formRequest("/protected", "x=1") }, auth.ErrTokenMissing, "user not found!", 0},
		{"not a bearer", func() *http.Request {
			r := formRequest("/protected", "x=1")
			r.Header.Set("Authorization", "Basic abc")
			return r
		}, auth.ErrTokenMissing, "user not found!", 0},
		{"malformed", func() *http.Request { return formRequest("/protected?accessToken=garbage", "") }, auth.ErrTokenInvalid, "token invalid!", 0},
		{"bad signature", func() *http.Request {
			return formRequest("/protected?accessToken="+parts[0]+"."+parts[1]+".AAAA", "")
		}, auth.ErrTokenInvalid, "Invalid signature", 0},
		{"expired", func() *http.Request { return formRequest("/protected?accessToken="+f.token, "") }, auth.ErrTokenExpired, "token expired!", auth.DefaultTokenTTL + time.Second},
	}
	for _, c := range cases { // sequential: "expired" moves the clock
		f.clk.Add(c.after)
		code, body := f.do(c.req())
		err := f.deniedWith()
		if code != http.StatusForbidden || body != c.text {
			t.Errorf("%s: got %d %q", c.name, code, body)
		}
		if !errors.Is(err, c.want) || registry.KindOf(err) != registry.KindUnauthorized {
			t.Errorf("%s: Deny got %v, want %v", c.name, err, c.want)
		}
	}
}

func TestTokenAuthPublicRoute(t *testing.T) {
	f := newTokenAuthFixture(t)
	code, body := f.do(formRequest("/public", "x=2"))
	if code != http.StatusOK || body != "anonymous x=2" {
		t.Fatalf("got %d %q", code, body)
	}
	if f.deniedWith() != nil {
		t.Fatal("Deny called for a public route")
	}
}

// A token in a body larger than most routes take (a 10 MiB config's
// publish) is found, and the body is left whole for the handler.
func TestTokenOfInLargeBody(t *testing.T) {
	body := "accessToken=t&pad=" + strings.Repeat("a", httpx.MaxFormBytes)
	r := formRequest("/protected", body)
	tok, err := httpx.TokenOf(r)
	if err != nil || tok != "t" {
		t.Fatalf("TokenOf = %q, %v; want t", tok, err)
	}
	got, _ := io.ReadAll(r.Body)
	if string(got) != body {
		t.Fatalf("body not restored: %d bytes of %d", len(got), len(body))
	}
}

func TestTokenOfIgnoresOtherContentTypes(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(`{"accessToken":"t"}`))
	r.Header.Set("Content-Type", "application/json")
	if tok, err := httpx.TokenOf(r); err != nil || tok != "" {
		t.Fatalf("TokenOf = %q, %v", tok, err)
	}
	if got, _ := io.ReadAll(r.Body); string(got) != `{"accessToken":"t"}` {
		t.Fatalf("JSON body consumed: %q", got)
	}
}

// PeekForm answers a form body's values and leaves the body for the
// handler, whatever the body is; it reads no further than the keys it
// looks for, and finds them behind a config's content.
func TestPeekForm(t *testing.T) {
	content := "content=" + strings.Repeat("x", 12<<20)
	cases := []struct {
		name, contentType, body string
		keys                    []string
		want                    url.Values
	}{
		{"form", "application/x-www-form-urlencoded", "username=u&password=p%26", nil, url.Values{"username": {"u"}, "password": {"p&"}}},
		{"form with charset", "application/x-www-form-urlencoded; charset=utf8", "a=1", nil, url.Values{"a": {"1"}}},
		{"malformed pairs skipped", "application/x-www-form-urlencoded", "a=%zz&b=2&c;d=3", nil, url.Values{"b": {"2"}}},
		{"json", "application/json", `{"a":"1"}`, nil, url.Values{}},
		{"no content type", "", "a=1", nil, url.Values{}},
		{"empty", "application/x-www-form-urlencoded", "", nil, url.Values{}},
		{"stops at the keys", "application/x-www-form-urlencoded", "accessToken=t&" + content, []string{"accessToken"}, url.Values{"accessToken": {"t"}}},
		{"behind a large content", "application/x-www-form-urlencoded", content + "&username=u&password=p", []string{"username", "password"},
			url.Values{"username": {"u"}, "password": {"p"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(c.body))
			if c.contentType != "" {
				r.Header.Set("Content-Type", c.contentType)
			}
			got, err := httpx.PeekForm(r, c.keys...)
			if err != nil || len(got) != len(c.want) {
				t.Fatalf("PeekForm = %d values, %v; want %d", len(got), err, len(c.want))
			}
			for k := range c.want {
				if got.Get(k) != c.want.Get(k) {
					t.Fatalf("%s = %.20q, want %.20q", k, got.Get(k), c.want.Get(k))
				}
			}
			rest, _ := io.ReadAll(r.Body)
			if string(rest) != c.body {
				t.Fatalf("body left %d bytes, want %d", len(rest), len(c.body))
			}
		})
	}
}
