package client

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The client is tested against the real server: the causeway binary,
// built once for the package, on fresh loopback ports.

var binary string

const adminPassword = "client-Secret-1"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "causeway-client-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "causeway")
	build := exec.Command("go", "build", "-o", binary, "../cmd/causeway")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build causeway:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
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

// startServer runs causeway serve with auth on (or off) and answers its
// URL; it is stopped when the test ends.
func startServer(t *testing.T, auth bool) string {
	t.Helper()
	addr := freeAddr(t)
	args := []string{"serve", "--data-dir", t.TempDir(), "--http-addr", addr, "--xds-addr", freeAddr(t),
		"--http2rpc-addr", freeAddr(t), "--nacos-grpc-addr", freeAddr(t)}
	if auth {
		args = append(args, "--admin-password", adminPassword)
	} else {
		args = append(args, "--auth=false")
	}
	cmd := exec.Command(binary, args...)
	log, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait(); log.Close() })
	url := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(log.Name())
	t.Fatalf("causeway not ready:\n%s", b)
	return ""
}

// loggedIn answers a client of a fresh server with auth on, logged in.
func loggedIn(t *testing.T) *Client {
	t.Helper()
	c := New(startServer(t, true), "")
	if _, err := c.Login(context.Background(), "nacos", adminPassword); err != nil {
		t.Fatal(err)
	}
	return c
}
