package auth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/badger"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func memStore(t testing.TB) store.Store {
	t.Helper()
	return enginetest.Open(t, nil)
}

// newSvc builds a service with cheap password hashes: the race detector
// makes cost 10 take a second per hash.
func newSvc(st store.Store, opts Options) *Service {
	opts.PasswordCost = bcrypt.MinCost
	return New(st, opts)
}

// booted answers a bootstrapped service with admin password "S3cret-pw".
func booted(t *testing.T) (*Service, *clock, store.Store) {
	t.Helper()
	st := memStore(t)
	clk := newClock()
	s := newSvc(st, Options{Now: clk.Now})
	if _, err := s.Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	return s, clk, st
}

func TestBootstrapWithGivenPassword(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	u, err := s.GetUser(ctx, DefaultAdmin)
	if err != nil || !u.GlobalAdmin {
		t.Fatalf("admin = %+v, %v", u, err)
	}
	tok, err := s.Login(ctx, DefaultAdmin, "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	if tok.TTL != DefaultTokenTTL || !tok.GlobalAdmin || tok.Username != DefaultAdmin {
		t.Fatalf("token = %+v", tok)
	}
}

func TestBootstrapGeneratesPasswordOnce(t *testing.T) {
	t.Parallel()
	st := memStore(t)
	ctx := context.Background()
	first := newSvc(st, Options{})
	pw, err := first.Bootstrap(ctx, "")
	if err != nil || len(pw) < 16 {
		t.Fatalf("generated %q, %v", pw, err)
	}
	tok, err := first.Login(ctx, DefaultAdmin, pw)
	if err != nil {
		t.Fatal(err)
	}
	second := newSvc(st, Options{})
	again, err := second.Bootstrap(ctx, "")
	if err != nil || again != "" {
		t.Fatalf("second bootstrap generated %q, %v", again, err)
	}
	// Same secret: a token of the first verifies on the second.
	if _, err := second.Verify(ctx, tok.AccessToken); err != nil {
		t.Fatalf("token of first start refused after restart: %v", err)
	}
}

func TestBootstrapKeepsExistingAdminPassword(t *testing.T) {
	t.Parallel()
	st := memStore(t)
	ctx := context.Background()
	if _, err := newSvc(st, Options{}).Bootstrap(ctx, "First-pw-1"); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s := newSvc(st, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if pw, err := s.Bootstrap(ctx, "Second-pw-2"); err != nil || pw != "" {
		t.Fatalf("Bootstrap = %q, %v", pw, err)
	}
	if _, err := s.Login(ctx, DefaultAdmin, "Second-pw-2"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("new password accepted: %v", err)
	}
	if _, err := s.Login(ctx, DefaultAdmin, "First-pw-1"); err != nil {
		t.Fatalf("old password refused: %v", err)
	}
	if !strings.Contains(logs.String(), "left unchanged") {
		t.Fatalf("no warning logged: %q", logs.String())
	}
}

func TestConcurrentBootstrapAgrees(t *testing.T) {
	t.Parallel()
	st := memStore(t)
	ctx := context.Background()
	svcs := []*Service{newSvc(st, Options{}), newSvc(st, Options{}), newSvc(st, Options{})}
	pws := make([]string, len(svcs))
	var wg sync.WaitGroup
	for i, s := range svcs {
		wg.Go(func() {
			var err error
			if pws[i], err = s.Bootstrap(ctx, ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var generated []string
	for _, pw := range pws {
		if pw != "" {
			generated = append(generated, pw)
		}
	}
	if len(generated) != 1 {
		t.Fatalf("generated passwords: %q, want exactly one", generated)
	}
	tok, err := svcs[0].Login(ctx, DefaultAdmin, generated[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		if _, err := s.Verify(ctx, tok.AccessToken); err != nil {
			t.Fatalf("services disagree on the secret: %v", err)
		}
	}
}

func TestSecretPersistsOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	open := func() store.Store {
		st, err := badger.Open(badger.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := open()
	pw, err := newSvc(st, Options{}).Bootstrap(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s := newSvc(st, Options{})
	if _, err := s.Bootstrap(ctx, ""); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Login(ctx, DefaultAdmin, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = open()
	defer st.Close()
	s = newSvc(st, Options{})
	if again, err := s.Bootstrap(ctx, ""); err != nil || again != "" {
		t.Fatalf("Bootstrap after reopen = %q, %v", again, err)
	}
	if _, err := s.Verify(ctx, tok.AccessToken); err != nil {
		t.Fatalf("token refused after reopen: %v", err)
	}
	if _, err := s.Login(ctx, DefaultAdmin, pw); err != nil {
		t.Fatalf("password refused after reopen: %v", err)
	}
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	cases := map[string][2]string{
		"wrong password": {DefaultAdmin, "nope"},
		"unknown user":   {"ghost", "S3cret-pw"},
		"blank username": {" ", "S3cret-pw"},
		"blank password": {DefaultAdmin, ""},
		"72-byte prefix": {DefaultAdmin, "S3cret-pw" + strings.Repeat("x", 80)},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := s.Login(ctx, c[0], c[1])
			if !errors.Is(err, ErrBadCredentials) || registry.KindOf(err) != registry.KindUnauthorized {
				t.Fatalf("err = %v", err)
			}
			if err.Error() != "User not found! Please check user exist or password is right!" {
				t.Fatalf("message = %q", err.Error())
			}
		})
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := context.Background()
	for range pairFreeFailures {
		if _, err := s.Login(ctx, DefaultAdmin, "nope"); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	_, err := s.Login(ctx, DefaultAdmin, "S3cret-pw")
	if ReasonOf(err) != ReasonThrottled || registry.KindOf(err) != registry.KindUnauthorized {
		t.Fatalf("after %d failures: %v", pairFreeFailures, err)
	}
	clk.Add(time.Second)
	if _, err := s.Login(ctx, DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	// Success resets the count.
	if _, err := s.Login(ctx, DefaultAdmin, "nope"); !errors.Is(err, ErrBadCredentials) {
		t.Fatal(err)
	}
}

func TestTokenForm(t *testing.T) {
	t.Parallel()
	s, clk, st := booted(t)
	tok, ttl, err := s.Issue("alice")
	if err != nil || ttl != DefaultTokenTTL {
		t.Fatal(ttl, err)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", tok)
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if string(header) != `{"alg":"HS256"}` {
		t.Fatalf("header %s", header)
	}
	want := `{"sub":"alice","exp":` + itoa(clk.Now().Unix()+18000) + `}`
	if string(payload) != want {
		t.Fatalf("payload %s, want %s", payload, want)
	}
	kv, err := st.Get(context.Background(), "auth/secret")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := base64.StdEncoding.DecodeString(string(kv.Value))
	if len(key) != 32 {
		t.Fatalf("secret of %d bytes", len(key))
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(parts[0] + "." + parts[1]))
	if base64.RawURLEncoding.EncodeToString(m.Sum(nil)) != parts[2] {
		t.Fatal("signature is not HMAC-SHA256 of header.payload under the stored secret")
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestVerify(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := context.Background()
	tok, err := s.Login(ctx, DefaultAdmin, "S3cret-pw")
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Verify(ctx, tok.AccessToken)
	if err != nil || id.Username != DefaultAdmin || !id.GlobalAdmin {
		t.Fatalf("Verify = %+v, %v", id, err)
	}
	other, _, _ := booted(t) // another installation, another secret
	parts := strings.Split(tok.AccessToken, ".")
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"nacos","exp":99999999999}`)) + "." + parts[2]
	cases := []struct {
		name  string
		svc   *Service
		token string
		want  error
		msg   string
	}{
		{"empty", s, "", ErrTokenMissing, "user not found!"},
		{"malformed", s, "abc.def", ErrTokenInvalid, "token invalid!"},
		{"other algorithm", s, "eyJhbGciOiJub25lIn0." + parts[1] + ".", ErrTokenInvalid, "unsupported signature algorithm"},
		{"tampered payload", s, forged, ErrTokenInvalid, "Invalid signature"},
		{"other secret", other, tok.AccessToken, ErrTokenInvalid, "Invalid signature"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.svc.Verify(ctx, c.token)
			if !errors.Is(err, c.want) || err.Error() != c.msg || registry.KindOf(err) != registry.KindUnauthorized {
				t.Fatalf("err = %v, want %v (%q)", err, c.want, c.msg)
			}
		})
	}
	t.Run("expired", func(t *testing.T) {
		clk.Add(DefaultTokenTTL) // at exp exactly: still valid, as in Nacos
		if _, err := s.Verify(ctx, tok.AccessToken); err != nil {
			t.Fatalf("at exp: %v", err)
		}
		clk.Add(time.Second)
		_, err := s.Verify(ctx, tok.AccessToken)
		if !errors.Is(err, ErrTokenExpired) || err.Error() != "token expired!" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestVerifyUserDeleted(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, "alice", "Alice-pw-1", false); err != nil {
		t.Fatal(err)
	}
	tok, err := s.Login(ctx, "alice", "Alice-pw-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Verify(ctx, tok.AccessToken)
	if !errors.Is(err, ErrUserNotFound) || err.Error() != "user not found!" {
		t.Fatalf("err = %v", err)
	}
}

func TestLoginWithToken(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := context.Background()
	tok, _ := s.Login(ctx, DefaultAdmin, "S3cret-pw")
	clk.Add(100 * time.Second)
	again, err := s.LoginWithToken(ctx, tok.AccessToken)
	if err != nil || again.AccessToken != tok.AccessToken || again.TTL != DefaultTokenTTL-100*time.Second {
		t.Fatalf("LoginWithToken = %+v, %v", again, err)
	}
}

func TestUserLifecycle(t *testing.T) {
	t.Parallel()
	s, _, _ := booted(t)
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, "bob@example.com", "Pw-1-bob!", false); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateUser(ctx, "bob@example.com", "Pw-2-bob!", false)
	if registry.KindOf(err) != registry.KindConflict || err.Error() != "user 'bob@example.com' already exist!" {
		t.Fatalf("duplicate: %v", err)
	}
	if err := s.ChangePassword(ctx, nil, "bob@example.com", "Pw-3-bob!"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, "bob@example.com", "Pw-3-bob!"); err != nil {
		t.Fatalf("new password refused: %v", err)
	}
	if _, err := s.Login(ctx, "bob@example.com", "Pw-1-bob!"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("old password accepted: %v", err)
	}
	users, err := s.ListUsers(ctx)
	if err != nil || len(users) != 2 {
		t.Fatalf("ListUsers = %v, %v", users, err)
	}
	if err := s.ChangePassword(ctx, nil, "ghost", "Ghost-pw-1"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("change of missing user: %v", err)
	}
	if err := s.DeleteUser(ctx, DefaultAdmin); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("admin deleted: %v", err)
	}
	if err := s.DeleteUser(ctx, "ghost"); err != nil {
		t.Fatalf("delete of missing user: %v", err)
	}
	if err := s.DeleteUser(ctx, "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetUser(ctx, "bob@example.com"); registry.KindOf(err) != registry.KindNotFound {
		t.Fatalf("deleted user still there: %v", err)
	}
}

func TestInvalidInputWritesNothing(t *testing.T) {
	t.Parallel()
	s, _, st := booted(t)
	ctx := context.Background()
	rev := st.Revision()
	cases := map[string][2]string{
		"blank username":    {"  ", "pw"},
		"empty username":    {"", "pw"},
		"control character": {"a\nb", "pw"},
		"surrounding space": {" alice", "pw"},
		"too long username": {strings.Repeat("a", MaxUsernameLen+1), "pw"},
		"invalid UTF-8":     {"a\xffb", "pw"},
		"empty password":    {"alice", ""},
		"blank password":    {"alice", "   "},
		"73-byte password":  {"alice", strings.Repeat("p", MaxPasswordBytes+1)},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := s.CreateUser(ctx, c[0], c[1], false)
			if registry.KindOf(err) != registry.KindInvalid {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if err := s.ChangePassword(ctx, nil, DefaultAdmin, strings.Repeat("p", 73)); registry.KindOf(err) != registry.KindInvalid {
		t.Fatalf("ChangePassword: %v", err)
	}
	if st.Revision() != rev {
		t.Fatalf("store revision moved from %d to %d", rev, st.Revision())
	}
	// The limits themselves are fine.
	if _, err := s.CreateUser(ctx, strings.Repeat("é", MaxUsernameLen), strings.Repeat("p", MaxPasswordBytes), false); err != nil {
		t.Fatal(err)
	}
}

func TestNotBootstrapped(t *testing.T) {
	t.Parallel()
	s := newSvc(memStore(t), Options{})
	if _, _, err := s.Issue("x"); err == nil {
		t.Fatal("Issue without a secret")
	}
	if _, err := s.Verify(context.Background(), "a.b.c"); err == nil || ReasonOf(err) != ReasonNone {
		t.Fatalf("Verify without a secret: %v", err)
	}
}

func TestDefaultPasswordCostIsNacos(t *testing.T) {
	t.Parallel()
	st := memStore(t)
	if _, err := New(st, Options{}).Bootstrap(context.Background(), "S3cret-pw"); err != nil {
		t.Fatal(err)
	}
	kv, err := st.Get(context.Background(), "auth/users/nacos")
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(kv.Value, &rec); err != nil {
		t.Fatal(err)
	}
	hash, _ := rec["passwordHash"].(string)
	if cost, err := bcrypt.Cost([]byte(hash)); err != nil || cost != 10 {
		t.Fatalf("cost %d, %v", cost, err)
	}
	for _, field := range []string{"username", "passwordHash", "globalAdmin", "createdAt"} {
		if _, ok := rec[field]; !ok {
			t.Fatalf("stored user lacks %s: %s", field, kv.Value)
		}
	}
}

// CheckPassword is Login's check: the same refusals, and failures through
// either count against the same throttle, so neither is a cheaper oracle.
func TestCheckPasswordSharesLoginThrottle(t *testing.T) {
	t.Parallel()
	s, clk, _ := booted(t)
	ctx := context.Background()
	id, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw")
	if err != nil || id.Username != DefaultAdmin || !id.GlobalAdmin {
		t.Fatalf("CheckPassword = %+v, %v", id, err)
	}
	for _, c := range [][2]string{{DefaultAdmin, "nope"}, {"ghost", "S3cret-pw"}, {DefaultAdmin, ""}, {"", "S3cret-pw"}} {
		if _, err := s.CheckPassword(ctx, c[0], c[1]); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("CheckPassword(%q, %q) = %v", c[0], c[1], err)
		}
	}
	for range pairFreeFailures - 1 {
		if _, err := s.Login(ctx, DefaultAdmin, "nope"); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw"); ReasonOf(err) != ReasonThrottled {
		t.Fatalf("after failures through both: %v", err)
	}
	clk.Add(time.Second)
	if _, err := s.CheckPassword(ctx, DefaultAdmin, "S3cret-pw"); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}
