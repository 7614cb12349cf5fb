package httpx_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/api/httpx"
)

// PeekParams answers what ReadParams will give the handler (a form value
// before a query one), only for the keys asked, and leaves the body whole.
func TestPeekParams(t *testing.T) {
	body := "group=FORM&content=" + strings.Repeat("x", 5000) + "&dataId=d"
	r := httptest.NewRequest("POST", "/?group=QUERY&tenant=dev", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	p, err := httpx.PeekParams(r, "group", "tenant", "dataId")
	if err != nil {
		t.Fatal(err)
	}
	if p.Get("group") != "FORM" || p.Get("tenant") != "dev" || p.Get("dataId") != "d" || p.Has("content") {
		t.Fatalf("peeked %v", p.Values)
	}
	rest, _ := io.ReadAll(r.Body)
	if string(rest) != body {
		t.Fatalf("body after the peek: %d bytes, want %d", len(rest), len(body))
	}
	// The handler then reads the same values.
	r.Body = io.NopCloser(strings.NewReader(body))
	full, err := httpx.ReadParams(httptest.NewRecorder(), r)
	if err != nil || full.Get("group") != p.Get("group") || full.Get("tenant") != p.Get("tenant") {
		t.Fatalf("handler reads %v %v", full.Get("group"), err)
	}
	// A malformed query is the handler's to refuse: the peek reads on.
	bad := httptest.NewRequest("GET", "/?tenant=dev&x=%zz", nil)
	if p, err := httpx.PeekParams(bad, "tenant"); err != nil || p.Get("tenant") != "dev" {
		t.Fatalf("bad query: %v %v", p.Values, err)
	}
}
