package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the causeway binary built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "causeway-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "causeway")
	build := exec.Command("go", "build", "-o", binary, "../../cmd/causeway")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build causeway:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running causeway process.
type server struct {
	t       *testing.T
	cmd     *exec.Cmd
	dataDir string
	addr    string // host:port of the REST APIs
	xdsAddr string // host:port of the xDS (ADS) gRPC server
	// http2rpcAddr is host:port of the HTTP to Dubbo bridge.
	http2rpcAddr string
	// nacosGRPCAddr is host:port of the Nacos 2 gRPC server.
	nacosGRPCAddr string
	out           *syncBuffer
	done          chan error
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs causeway serve on fresh loopback ports. dataDir "" makes a new
// one; extra flags are appended. A port chosen free can be taken by
// another process before causeway binds it: a start that fails on that
// is tried again on new ports.
func start(t *testing.T, dataDir string, extra ...string) *server {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	for attempt := 1; ; attempt++ {
		s := launch(t, dataDir, extra)
		err := s.ready()
		if err == nil {
			return s
		}
		if attempt == 3 || !strings.Contains(s.out.String(), "address already in use") {
			t.Fatalf("%v\n%s", err, s.out.String())
		}
		t.Logf("start attempt %d: a chosen port was taken meanwhile; trying new ports", attempt)
	}
}

// launch starts causeway serve on fresh loopback ports, stopped when the
// test ends.
func launch(t *testing.T, dataDir string, extra []string) *server {
	t.Helper()
	s := &server{t: t, dataDir: dataDir, addr: freeAddr(t), xdsAddr: freeAddr(t), http2rpcAddr: freeAddr(t),
		nacosGRPCAddr: freeAddr(t), out: &syncBuffer{}, done: make(chan error, 1)}
	args := append([]string{"serve", "--data-dir", dataDir, "--http-addr", s.addr,
		"--xds-addr", s.xdsAddr, "--http2rpc-addr", s.http2rpcAddr, "--nacos-grpc-addr", s.nacosGRPCAddr}, extra...)
	s.cmd = exec.Command(binary, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

func (s *server) waitReady() {
	s.t.Helper()
	if err := s.ready(); err != nil {
		s.t.Fatalf("%v\n%s", err, s.out.String())
	}
}

// ready waits until /readyz answers 200, for up to 20 s; it fails when
// causeway exits first.
func (s *server) ready() error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err // for stop and kill, which wait on it
			return fmt.Errorf("causeway exited early: %w", err)
		default:
		}
		resp, err := http.Get(s.url("/readyz"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("causeway not ready in time")
}

// kill ends causeway with SIGKILL, as a crash would.
func (s *server) kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

// stop sends SIGTERM and requires a clean exit.
func (s *server) stop() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("causeway exit after SIGTERM: %v\n%s", err, s.out.String())
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		s.t.Errorf("causeway did not stop within 30s of SIGTERM\n%s", s.out.String())
	}
}

// call sends a request with form parameters in the query (GET) or body.
func call(t *testing.T, method, rawURL string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if method != http.MethodGet && form != nil {
		body = strings.NewReader(form.Encode())
	} else if form != nil {
		rawURL += "?" + form.Encode()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventually retries cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %v waiting for %s", timeout, what)
}
