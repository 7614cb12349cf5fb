package httpx_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/api/httpx"
)

// countingBody counts what is read of a body.
type countingBody struct {
	io.Reader
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func (countingBody) Close() error { return nil }

// A token in a header or the query is checked before a byte of the body
// is read, valid or not (issue 17 finding 6: bodies were parsed before
// authentication).
func TestHeaderTokenIsCheckedBeforeTheBody(t *testing.T) {
	f := newTokenAuthFixture(t)
	cases := []struct{ name, target, header, value string }{
		{"bearer", "/protected", "Authorization", "Bearer forged"},
		{"query", "/protected?accessToken=forged", "", ""},
		{"accessToken header", "/protected", "accessToken", "forged"},
		{"X-Auth-Token", "/protected", "X-Auth-Token", "forged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var read atomic.Int64
			r := httptest.NewRequest(http.MethodPost, c.target, nil)
			r.Body = countingBody{strings.NewReader("accessToken=" + f.token + "&x=" + strings.Repeat("a", 1<<20)), &read}
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if c.header != "" {
				r.Header.Set(c.header, c.value)
			}
			if code, _ := f.do(r); code != http.StatusForbidden {
				t.Fatalf("status %d, want the forged header token refused", code)
			}
			if n := read.Load(); n != 0 {
				t.Fatalf("read %d bytes of the body before refusing a header token", n)
			}
		})
	}
}

// inflight tracks the bytes read of bodies whose requests are still being
// served, and its peak.
type inflight struct{ now, peak atomic.Int64 }

func (f *inflight) add(n int64) {
	v := f.now.Add(n)
	for p := f.peak.Load(); v > p && !f.peak.CompareAndSwap(p, v); p = f.peak.Load() {
	}
}

// inflightBody counts a body's bytes in its own total and in the
// in-flight total.
type inflightBody struct {
	io.Reader
	f    *inflight
	mine int64
}

func (b *inflightBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	b.mine += int64(n)
	b.f.add(int64(n))
	return n, err
}

func (*inflightBody) Close() error { return nil }

// Many unauthenticated clients sending large forms that hold on to their
// connections cannot make the server hold more than the peek budget
// (plus a little per request) of their bodies at once: the 64 x 4 MiB of
// the finding were all read whole. All are refused: those that find no
// budget with ErrPeekBudget.
func TestUnauthenticatedBodiesShareOneBudget(t *testing.T) {
	f := newTokenAuthFixture(t)
	const clients, size = 16, 4 << 20
	var fl inflight
	var writers []*io.PipeWriter
	codes := make(chan int, clients)
	for range clients {
		pr, pw := io.Pipe()
		writers = append(writers, pw)
		go func() { // the client sends 4 MiB and keeps the body open
			_, _ = pw.Write([]byte("x=" + strings.Repeat("a", size)))
		}()
		body := &inflightBody{Reader: pr, f: &fl}
		r := httptest.NewRequest(http.MethodPost, "/protected", nil)
		r.Body = body
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		go func() {
			code, _ := f.do(r)
			fl.add(-body.mine)
			codes <- code
		}()
	}
	// Those without budget are refused after PeekBudgetWait; those with
	// it wait for the rest of their bodies (on a real connection the
	// minimum body rate ends them).
	answered := 0
	check := func(code int) {
		answered++
		if code != http.StatusForbidden {
			t.Fatalf("status %d: an unauthenticated body was let through", code)
		}
	}
	select {
	case code := <-codes:
		check(code)
	case <-time.After(time.Minute):
		t.Fatal("nobody was refused for want of budget")
	}
	for quiet := false; !quiet; {
		select {
		case code := <-codes:
			check(code)
		case <-time.After(httpx.PeekBudgetWait + time.Second):
			quiet = true
		}
	}
	t.Logf("%d of %d refused before any body ended", answered, clients)
	for _, w := range writers {
		_ = w.Close()
	}
	for answered < clients {
		check(<-codes)
	}
	// Slack: a request counts until its answer is written, a moment after
	// it gave its budget back.
	limit := int64(httpx.PeekBudgetBytes + clients*(httpx.FreePeekBytes+64<<10) + 4<<20)
	if p := fl.peak.Load(); p > limit {
		t.Fatalf("held %d MiB of unauthenticated bodies at once, want at most %d MiB", p>>20, limit>>20)
	}
	t.Logf("peak %d MiB of unauthenticated body held, of %d MiB sent", fl.peak.Load()>>20, clients*size>>20)
}
