package console

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
)

func server(t *testing.T) *httptest.Server {
	t.Helper()
	d, err := Dialect()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range d.Routes {
		if !rt.Public {
			t.Fatalf("route %s is not public: the assets hold no data and the login page must load", rt.Pattern)
		}
	}
	mux := http.NewServeMux()
	httpx.Mount(mux, nil, d)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestServesTheBuild(t *testing.T) {
	srv := server(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	tests := []struct {
		path     string
		status   int
		ctype    string
		contains string
	}{
		{"/console", http.StatusMovedPermanently, "", ""},
		{"/console/", http.StatusOK, "text/html", `<div id="app">`},
		{"/console/app.js", http.StatusOK, "javascript", ""},
		{"/console/style.css", http.StatusOK, "text/css", ".shell"},
		{"/console/old/bookmark", http.StatusOK, "text/html", `<div id="app">`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := noRedirect.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body := new(strings.Builder)
			_, _ = io.Copy(body, res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.status == http.StatusMovedPermanently {
				if loc := res.Header.Get("Location"); loc != Prefix {
					t.Fatalf("Location %q, want %q", loc, Prefix)
				}
				return
			}
			if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %q in it", ct, tt.ctype)
			}
			if !strings.Contains(body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
		})
	}
}

// A browser revalidating an unchanged asset gets 304 without a body.
func TestRevalidatesByETag(t *testing.T) {
	srv := server(t)
	res, err := http.Get(srv.URL + "/console/app.js")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/console/app.js", nil)
	req.Header.Set("If-None-Match", etag)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotModified {
		t.Fatalf("status %d, want 304", res.StatusCode)
	}
}
