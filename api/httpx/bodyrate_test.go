package httpx

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testLimits are DefaultLimits scaled down so that tests run in seconds.
var testLimits = Limits{ReadHeader: time.Second, Idle: 5 * time.Second, BodyGrace: 300 * time.Millisecond, MinBodyRate: 64 << 10}

// startLimited serves h with testLimits and answers its address.
func startLimited(t *testing.T, h http.Handler) string {
	t.Helper()
	srv, err := ListenLimits("127.0.0.1:0", h, quietLog(), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(func() { _ = srv.srv.Close() })
	return srv.Addr().String()
}

// readAllHandler reads the whole body and answers its length, or 400.
var readAllHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprint(w, len(b))
})

// A client that trickles its body (issue 17 finding 6: 1 byte / 3 s held
// connections open forever) is cut off soon after the grace period, long
// before its body would be complete.
// A handler that ignores the body leaves it to net/http, which reads what
// is left to reuse the connection: that read is bounded too.
func TestTricklingBodyIsCutOff(t *testing.T) {
	ignore := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ignored") })
	for name, h := range map[string]http.Handler{"read": readAllHandler, "ignored": ignore} {
		t.Run(name, func(t *testing.T) { trickle(t, h) })
	}
}

func trickle(t *testing.T, h http.Handler) {
	addr := startLimited(t, h)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
	start := time.Now()
	closed := make(chan struct{})
	go func() { // 1 byte / 50 ms: 1000 bytes would take 50 s
		defer close(closed)
		_, _ = io.Copy(io.Discard, conn)
	}()
	for i := 0; i < 1000; i++ {
		select {
		case <-closed:
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("cut off after %v, want about the 300 ms grace", d)
			}
			return
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := conn.Write([]byte("a")); err != nil {
			return // the server closed the connection
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("the trickling connection is still open after 5 s")
		}
	}
}

// A large body sent at a normal speed gets in even though it takes much
// longer than the grace period: the deadline grows with what arrived.
func TestLargeBodyAtNormalSpeedGetsIn(t *testing.T) {
	addr := startLimited(t, readAllHandler)
	const size, chunk = 2 << 20, 64 << 10 // 2 MiB over ~1.3 s, 1.5 MiB/s
	pr, pw := io.Pipe()
	go func() {
		buf := bytes.Repeat([]byte("x"), chunk)
		for sent := 0; sent < size; sent += chunk {
			if _, err := pw.Write(buf); err != nil {
				return
			}
			time.Sleep(40 * time.Millisecond)
		}
		_ = pw.Close()
	}()
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/", pr)
	req.ContentLength = size
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(b) != strconv.Itoa(size) {
		t.Fatalf("status %d %q, want 200 %d", resp.StatusCode, b, size)
	}
	if d := time.Since(start); d < 2*testLimits.BodyGrace {
		t.Fatalf("the upload took %v: too fast to prove anything", d)
	}
}

// A long poll holds its answer well past the body's deadline: reading the
// body must not leave a deadline behind that cancels the request.
func TestLongPollOutlivesBodyDeadline(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		select {
		case <-time.After(4 * testLimits.BodyGrace):
			fmt.Fprint(w, "changed")
		case <-r.Context().Done():
			// the client sees an empty answer
		}
	})
	addr := startLimited(t, h)
	for _, ct := range []string{"chunked", "length"} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		body := "Listening-Configs=a"
		if ct == "chunked" {
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(body), body)
		} else {
			fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", ct, err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = conn.Close()
		if !strings.Contains(string(b), "changed") {
			t.Fatalf("%s: long poll answered %q, want changed", ct, b)
		}
	}
}
