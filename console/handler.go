package console

import (
	"net/http"
	"strings"
)

type handler struct{ assets map[string]asset }

// ServeHTTP answers a built file, or index.html for any other path: the
// console routes by the URL's fragment, so a deep link never reaches here,
// but a stale bookmark of a sub-path should still land on the console.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	a, ok := h.assets[name]
	if !ok {
		a = h.assets["index.html"]
	}
	hdr := w.Header()
	// Names carry no content hash (the build is reproducible byte for
	// byte), so browsers revalidate every time and get a 304 by ETag.
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("ETag", a.etag)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("X-Frame-Options", "DENY")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	if match := r.Header.Get("If-None-Match"); match != "" && match == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", a.contentType)
	_, _ = w.Write(a.body)
}
