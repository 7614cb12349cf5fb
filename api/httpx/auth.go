package httpx

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/causeway-dev/causeway/registry/auth"
)

// TokenAuth authenticates requests by a token issued by registry/auth. It
// reads every carrier the dialects use, so one middleware serves them all:
//
//   - "Authorization: Bearer <t>" (ServiceComb, Nacos 3),
//   - the accessToken parameter in the query (Nacos v1/v2 clients),
//   - an accessToken header (Nacos accepts identity names as headers too),
//   - X-Auth-Token (CSE),
//   - the accessToken parameter in a URL-encoded body (Nacos v1/v2
//     clients).
//
// The first carrier present wins, in that order. As in Nacos the bearer
// header beats the accessToken parameter; unlike Nacos the body comes
// last, so that no body is read before a header or query token is checked.
//
// Errors are *auth.AuthError carrying Nacos's texts ("user not found!" when
// no token is given, "token invalid!", "token expired!", ...), and unwrap to
// a registry.Error of KindUnauthorized; a failing store answers its own
// error, which is KindInternal.
type TokenAuth struct {
	Service *auth.Service
}

// NewTokenAuth builds the authenticator over s.
func NewTokenAuth(s *auth.Service) *TokenAuth { return &TokenAuth{Service: s} }

// Authenticate implements Authenticator.
func (a *TokenAuth) Authenticate(r *http.Request) (*Identity, error) {
	token, err := TokenOf(r)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, auth.ErrTokenMissing
	}
	return a.Service.Verify(r.Context(), token)
}

// AuthorizeAll implements Authorizer.
func (a *TokenAuth) AuthorizeAll(ctx context.Context, id *Identity, res []auth.Resource, act auth.Action) error {
	return a.Service.AuthorizeAll(ctx, id, res, act)
}

// TokenOf finds the token a request carries, "" when there is none. The
// carriers outside the body come first, so that a request that names its
// token in a header or the query is authenticated before a byte of its
// body is read (see peekbudget.go for the rule); a form body is looked at
// last. Reading a form body, it puts the body back so the handler reads it
// again.
func TokenOf(r *http.Request) (string, error) {
	if t := TokenOutsideBody(r); t != "" {
		return t, nil
	}
	return FormToken(r)
}

// TokenOutsideBody is TokenOf without the body: the token of a header or
// the query, "" when there is none.
func TokenOutsideBody(r *http.Request) string {
	if t := bearer(r.Header.Get("Authorization")); t != "" {
		return t
	}
	if t := queryValue(r.URL.RawQuery, "accessToken"); t != "" {
		return t
	}
	if t := strings.TrimSpace(r.Header.Get("accessToken")); t != "" {
		return t
	}
	return strings.TrimSpace(r.Header.Get("X-Auth-Token"))
}

// bearer answers the token of an "Authorization: Bearer" header; the scheme
// is case-insensitive (RFC 7235).
func bearer(h string) string {
	const scheme = "bearer "
	if len(h) > len(scheme) && strings.EqualFold(h[:len(scheme)], scheme) {
		return strings.TrimSpace(h[len(scheme):])
	}
	return ""
}

// queryValue reads one parameter, ignoring malformed pairs elsewhere in the
// query: they are the handler's business, not a reason to deny.
func queryValue(raw, name string) string {
	vals, _ := url.ParseQuery(raw)
	return strings.TrimSpace(vals.Get(name))
}

// FormToken reads accessToken from a URL-encoded body and restores r.Body.
func FormToken(r *http.Request) (string, error) {
	form, err := PeekForm(r, "accessToken")
	return strings.TrimSpace(form.Get("accessToken")), err
}

// MaxPeekBytes bounds how much of a form body PeekForm reads: the largest
// body a route takes (a 10 MiB config, 3 bytes a character when
// URL-encoded), so that credentials after the content are found. The
// Nacos SDKs sort their parameters, so accessToken comes before content
// and the read stops there.
const MaxPeekBytes = 32 << 20

// PeekForm reads a URL-encoded body's pairs until it has seen every key
// of keys (all of them when keys is empty), then puts what it read back,
// so that the handler reads the whole body again: authenticators look
// for credentials in it before the handler runs. It answers the values
// of keys read (every value when keys is empty). Another content type, no
// body, and what lies past MaxPeekBytes (left for the handler to refuse)
// answer nothing; malformed pairs are skipped, they are the handler's
// business. What it reads past FreePeekBytes comes from the process-wide
// budget of peekbudget.go; without budget it answers ErrPeekBudget.
func PeekForm(r *http.Request, keys ...string) (url.Values, error) {
	return PeekFormUntil(r, keys, func(vals url.Values) bool { return len(keys) > 0 && len(vals) == len(keys) })
}

// PeekFormUntil is PeekForm that stops as soon as done holds for the
// values of keys read so far: one read of the body serves an
// authenticator that takes either a token or a username/password pair.
func PeekFormUntil(r *http.Request, keys []string, done func(url.Values) bool) (url.Values, error) {
	vals := url.Values{}
	if !isForm(r) || r.Body == nil || r.Body == http.NoBody {
		return vals, nil
	}
	orig := r.Body
	var read chunks
	budget := newBudgetReader(r.Context(), io.LimitReader(orig, MaxPeekBytes), peekBudget)
	defer budget.release()
	br := bufio.NewReader(io.TeeReader(budget, &read))
	for !done(vals) {
		pair, err := readPair(br, keys)
		k, v, ok := decodePair(strings.TrimSuffix(pair, "&"), keys)
		if ok {
			vals[k] = append(vals[k], v)
		}
		if errors.Is(err, ErrPeekBudget) {
			r.Body = restoredBody{io.MultiReader(read.reader(), orig), orig}
			return url.Values{}, err
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				r.Body = restoredBody{io.MultiReader(read.reader(), orig), orig}
				return url.Values{}, fmt.Errorf("read form body: %w", err)
			}
			break
		}
	}
	// What the bufio.Reader read ahead is in read too: replay all of it.
	r.Body = restoredBody{io.MultiReader(read.reader(), orig), orig}
	return vals, nil
}

// maxKeyBytes bounds how much of a pair readPair reads looking for its key.
const maxKeyBytes = 4 << 10

// readPair reads the next pair of a form body, up to and with its '&'. A
// pair whose key is not one of keys (when keys are given) is read past
// without being kept, and answers "": the value of a large config content
// is not copied while looking for a credential beside it.
func readPair(br *bufio.Reader, keys []string) (string, error) {
	var pair []byte
	keep, decided := len(keys) == 0, len(keys) == 0
	for {
		chunk, err := br.ReadSlice('&')
		if !decided || keep {
			pair = append(pair, chunk...)
		}
		if !decided {
			if key, _, found := bytes.Cut(pair, []byte("=")); found || !errors.Is(err, bufio.ErrBufferFull) || len(pair) > maxKeyBytes {
				k, kerr := url.QueryUnescape(string(bytes.TrimSuffix(key, []byte("&"))))
				decided, keep = true, kerr == nil && slices.Contains(keys, k)
				if !keep {
					pair = nil
				}
			}
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return string(pair), err
		}
	}
}

// decodePair decodes one key=value pair of a form body whose key is one
// of keys (any key when keys is empty): values nobody asked for are not
// decoded, which would copy a large config content once more.
func decodePair(pair string, keys []string) (key, value string, ok bool) {
	if pair == "" || strings.Contains(pair, ";") { // as url.ParseQuery
		return "", "", false
	}
	k, v, _ := strings.Cut(pair, "=")
	key, err := url.QueryUnescape(k)
	if err != nil || (len(keys) > 0 && !slices.Contains(keys, key)) {
		return "", "", false
	}
	value, err = url.QueryUnescape(v)
	return key, value, err == nil
}

// restoredBody replays what was read, then whatever is left, and closes the
// original body.
type restoredBody struct {
	io.Reader
	orig io.Closer
}

func (b restoredBody) Close() error { return b.orig.Close() }
