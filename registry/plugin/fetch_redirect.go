package plugin

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// redirectCap fails a fetch at its (MaxRedirects+1)th redirect answer. It
// sits under the HTTP client rather than in its CheckRedirect so that it
// bounds go-containerregistry's requests too, whose client we do not
// build: one budget per fetch, every request of the fetch counted.
type redirectCap struct {
	next http.RoundTripper
	left atomic.Int32
}

func newRedirectCap(next http.RoundTripper) *redirectCap {
	c := &redirectCap{next: next}
	c.left.Store(MaxRedirects)
	return c
}

func (c *redirectCap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil || !isRedirect(resp) {
		return resp, err
	}
	if c.left.Add(-1) < 0 {
		_ = resp.Body.Close()
		return nil, fmt.Errorf("%s redirected more than %d times", req.URL.Redacted(), MaxRedirects)
	}
	return resp, nil
}

func isRedirect(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return resp.Header.Get("Location") != ""
	}
	return false
}
