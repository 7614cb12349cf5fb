package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
)

// handler answers with the instance's name and port and the request's
// method, path and headers, as plain text (one "key: value" a line), and
// with the name in the x-upstream header, which scripts count.
type handler struct {
	name      string
	port      int
	status    int
	failEvery int
	hits      atomic.Int64
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := h.hits.Add(1)
	_, _ = io.Copy(io.Discard, r.Body)
	status := h.status
	if h.failEvery > 0 && n%int64(h.failEvery) != 0 {
		status = http.StatusServiceUnavailable
	}
	w.Header().Set("x-upstream", h.name)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nport: %d\nrequest: %d\n%s %s\n", h.name, h.port, n, r.Method, r.URL.RequestURI())
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(&b, "host: %s\n", r.Host)
	for _, k := range names {
		fmt.Fprintf(&b, "%s: %s\n", strings.ToLower(k), strings.Join(r.Header[k], ", "))
	}
	_, _ = io.WriteString(w, b.String())
}
