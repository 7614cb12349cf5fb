package admin

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// fakeModules stores nothing and answers a fixed sum.
type fakeModules struct{}

func (fakeModules) Module(string) ([]byte, error) { return nil, nil }
func (fakeModules) AddModule(context.Context, []byte) (string, error) {
	return "sum", nil
}

// Uploads beyond MaxConcurrentUploads wait for a slot and are refused with
// the admin error (503, CW.503) when none comes free in time (issue 17
// finding 8: four concurrent 31 MB uploads peaked at ~800 MB RSS).
func TestConcurrentUploadsAreBounded(t *testing.T) {
	h := newWasmHandler(fakeModules{}, MaxConcurrentUploads, 300*time.Millisecond)
	srv := httptest.NewServer(http.HandlerFunc(h.upload))
	defer srv.Close()
	post := func(body io.Reader) (*http.Response, error) {
		return http.Post(srv.URL, "application/wasm", body)
	}
	// MaxConcurrentUploads clients start an upload and stall mid-body.
	writers := make([]*io.PipeWriter, MaxConcurrentUploads)
	answers := make(chan int, len(writers))
	for i := range writers {
		pr, pw := io.Pipe()
		writers[i] = pw
		go func() {
			resp, err := post(pr)
			if err != nil {
				answers <- 0
				return
			}
			resp.Body.Close()
			answers <- resp.StatusCode
		}()
		go func() { _, _ = pw.Write([]byte("\x00asm")) }()
	}
	for deadline := time.Now().Add(5 * time.Second); len(h.slots) < MaxConcurrentUploads; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first uploads never took their slots")
		}
	}
	// One more waits, then is refused in the admin dialect's shape.
	start := time.Now()
	resp, err := post(http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	var e errorBody
	_ = json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || e.Code != "CW.503" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("extra upload: %d %+v, want 503 CW.503 with Retry-After", resp.StatusCode, e)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Fatalf("refused after %v: it should wait for a slot first", waited)
	}
	// One that waits while a slot comes free gets in.
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = writers[0].Close()
	}()
	resp, err = post(http.NoBody)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest { // an empty body, past the slot
		t.Fatalf("waiting upload: %d, want it served once a slot came free", resp.StatusCode)
	}
	for _, w := range writers[1:] {
		_ = w.Close()
	}
	for range writers {
		if code := <-answers; code != http.StatusOK {
			t.Fatalf("a held upload answered %d", code)
		}
	}
}
