package httpx

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// bodyDeadline makes every request body keep up a minimum rate: before
// each read of the body it sets the connection's read deadline to
// start + BodyGrace + bytesRead/MinBodyRate, so a client that trickles is
// cut off while one that sends a large body at any sensible speed keeps
// extending its own deadline.
//
// The deadline is set only while the body is being read and cleared when
// it ends: after the body, net/http keeps reading the connection in the
// background to notice a client going away, and a deadline left behind
// would cancel a long poll's context.
func bodyDeadline(l Limits, next http.Handler) http.Handler {
	if l.MinBodyRate <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		b := &rateBody{ReadCloser: r.Body, rc: http.NewResponseController(w), limits: l}
		r.Body = b
		next.ServeHTTP(w, r)
		b.finish()
	})
}

// rateBody is a request body under bodyDeadline.
type rateBody struct {
	io.ReadCloser
	rc     *http.ResponseController
	limits Limits
	start  time.Time
	read   int64
	off    bool // the deadline is not supported or no longer needed
}

func (b *rateBody) Read(p []byte) (int, error) {
	if !b.off {
		b.arm()
	}
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if errors.Is(err, io.EOF) && !b.off {
		// The body is in: stop watching the connection. After another
		// error the deadline stays, so that net/http's discard of the
		// rest fails too and the connection closes.
		b.off = true
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}

// arm sets the deadline for the next read, from the first read on.
func (b *rateBody) arm() {
	if b.start.IsZero() {
		b.start = time.Now()
	}
	allowed := b.limits.BodyGrace + time.Duration(b.read*int64(time.Second)/b.limits.MinBodyRate)
	if err := b.rc.SetReadDeadline(b.start.Add(allowed)); errors.Is(err, http.ErrNotSupported) {
		b.off = true
	}
}

// finish bounds what net/http reads of a body the handler left unread (it
// discards up to 256 KiB to reuse the connection): that read would
// otherwise have no deadline at all.
// A body read in part keeps the deadline its reads set.
func (b *rateBody) finish() {
	if !b.off && b.start.IsZero() {
		_ = b.rc.SetReadDeadline(time.Now().Add(b.limits.BodyGrace))
	}
}
