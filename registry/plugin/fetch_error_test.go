package plugin

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// syncBuf is a log destination safe for the registry's goroutines.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// notHTTP is a TCP server that answers like an SSH server and hangs up.
func notHTTP(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Read(make([]byte, 4096)) // the request, so the answer is read as one
			_, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
			_ = c.Close()
		}
	}()
	return ln.Addr().String()
}

// Whatever stops a fetch, the API caller gets the same answer, so the
// plugin API tells nothing of the server's networks; the log keeps the
// cause. (Issue 17, finding 7: the old answers were "connection refused",
// "malformed HTTP response", "answered 404 Not Found".)
func TestFetchFailuresAnswerOneError(t *testing.T) {
	f := newFixture(t)
	logs := &syncBuf{}
	f.reg.log = slog.New(slog.NewTextHandler(logs, nil))
	strict := newFixture(t) // nothing allow-listed
	strict.reg.fetcher = NewFetcher(FetcherOptions{})
	strict.reg.log = f.reg.log
	closed := func() string { // a port nothing listens on
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = ln.Close() }()
		return ln.Addr().String()
	}()
	cases := []struct {
		name, url, cause string
		reg              *Registry
	}{
		{"connection refused", "http://" + closed + "/m.wasm", "connection refused", f.reg},
		{"not HTTP", "http://" + notHTTP(t) + "/m.wasm", "malformed HTTP response", f.reg},
		{"404", f.srv.URL + "/absent.wasm", "404 Not Found", f.reg},
		{"not an OCI registry", "oci://" + strings.TrimPrefix(f.srv.URL, "http://") + "/plugins/m:v1", "404", f.reg},
		{"loopback refused", f.srv.serve("/m.wasm", noop(t)), "loopback", strict.reg},
		{"metadata refused", "http://169.254.169.254/latest/meta-data/", "link-local", strict.reg},
	}
	var first string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.reg.CreatePlugin(context.Background(), gwKey, Input{Name: "p", URL: c.url})
			wantKind(t, err, registry.KindInvalid, "")
			if first == "" {
				first = err.Error()
			}
			if err.Error() != "url: "+FetchFailedMsg || err.Error() != first {
				t.Fatalf("answer %q, want %q", err, "url: "+FetchFailedMsg)
			}
			if !strings.Contains(logs.String(), c.cause) {
				t.Fatalf("the log lacks the cause %q:\n%s", c.cause, logs)
			}
		})
	}
}
