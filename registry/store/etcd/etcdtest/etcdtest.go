// Package etcdtest starts real etcd clusters for tests: N members of the
// etcd server Causeway pins (tools/etcd/go.mod), on free loopback ports, in
// temporary directories, stopped when the test ends.
//
// The server binary is .tools/etcd-<version> at the repository root, built
// by `make etcd` (a prerequisite of `make test`), or the one named by
// CAUSEWAY_ETCD. When neither exists the helper builds it with `go build`
// from the module proxy; a test is skipped, with the reason, only when that
// build fails.
package etcdtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Member is one running etcd server.
type Member struct {
	Name      string
	ClientURL string
	peerURL   string
	dir       string
	log       string
	cmd       *exec.Cmd
	waited    chan struct{}
}

// Cluster is a set of members forming one etcd cluster.
type Cluster struct {
	Members []*Member
	bin     string
	initial string
	token   string
	base    string // removed by Stop; set by StartShared only
	shared  bool
}

// Endpoints are the client URLs of every member.
func (c *Cluster) Endpoints() []string {
	out := make([]string, len(c.Members))
	for i, m := range c.Members {
		out[i] = m.ClientURL
	}
	return out
}

// Start starts an n-member cluster and waits until every member is healthy
// (has a leader). The members are killed when t ends. A member that exits
// while starting (most often: another process took one of the free ports
// between their choice and etcd's bind) makes it try again on new ports.
func Start(t testing.TB, n int) *Cluster {
	t.Helper()
	bin := Binary(t)
	var err error
	for attempt := range 3 {
		var c *Cluster
		if c, err = start(t, bin, n, attempt); err == nil {
			return c
		}
		t.Logf("etcd cluster start, attempt %d: %v", attempt+1, err)
	}
	t.Fatalf("etcd cluster of %d did not start: %v", n, err)
	return nil
}

func start(t testing.TB, bin string, n, attempt int) (*Cluster, error) {
	var c *Cluster
	t.Cleanup(func() {
		if c == nil {
			return
		}
		c.Stop()
		if t.Failed() {
			for _, m := range c.Members {
				if b, err := os.ReadFile(m.log); err == nil && len(b) > 0 {
					t.Logf("etcd %s log (tail):\n%s", m.Name, tail(string(b), 20))
				}
			}
		}
	})
	var err error
	c, err = startIn(t.TempDir(), bin, n, attempt, false)
	return c, err
}

// StartShared starts an n-member cluster that outlives any one test, for a
// whole test binary (enginetest shares one per package); the caller stops
// it with Stop and removes its directory. Members also die with the test
// process, should it exit without stopping them.
func StartShared(n int) (*Cluster, error) {
	bin, err := BinaryPath()
	if err != nil {
		return nil, err
	}
	base, err := os.MkdirTemp("", "causeway-etcd-")
	if err != nil {
		return nil, err
	}
	for attempt := range 3 {
		var c *Cluster
		if c, err = startIn(filepath.Join(base, fmt.Sprintf("a%d", attempt)), bin, n, attempt, true); err == nil {
			c.base = base
			return c, nil
		}
	}
	_ = os.RemoveAll(base)
	return nil, fmt.Errorf("etcd cluster of %d did not start: %w", n, err)
}

// Stop kills every member; a cluster from StartShared also loses its
// directory.
func (c *Cluster) Stop() {
	for _, m := range c.Members {
		m.Kill()
	}
	if c.base != "" {
		_ = os.RemoveAll(c.base)
	}
}

// startIn starts the members with their data under base; the members of a
// shared cluster die with the test process.
func startIn(base, bin string, n, attempt int, shared bool) (*Cluster, error) {
	c := &Cluster{bin: bin, shared: shared}
	var initial []string
	for i := range n {
		m := &Member{Name: fmt.Sprintf("m%d", i), dir: filepath.Join(base, fmt.Sprintf("m%d", i))}
		addrs, err := freeAddrs(2)
		if err != nil {
			return nil, err
		}
		m.ClientURL, m.peerURL = "http://"+addrs[0], "http://"+addrs[1]
		m.log = filepath.Join(base, m.Name+".log")
		initial = append(initial, m.Name+"="+m.peerURL)
		c.Members = append(c.Members, m)
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, err
	}
	c.initial = strings.Join(initial, ",")
	c.token = fmt.Sprintf("causeway-test-%d-%d", time.Now().UnixNano(), attempt)
	fail := func(m *Member, err error) (*Cluster, error) {
		c.Stop()
		return nil, fmt.Errorf("member %s: %w", m.Name, err)
	}
	for _, m := range c.Members {
		if err := c.start(m); err != nil {
			return fail(m, err)
		}
	}
	for _, m := range c.Members {
		if err := m.waitHealthy(30 * time.Second); err != nil {
			return fail(m, err)
		}
	}
	return c, nil
}

// Restart starts a killed member again on its data directory and waits
// until it is healthy.
func (c *Cluster) Restart(t testing.TB, i int) {
	t.Helper()
	m := c.Members[i]
	m.Kill()
	if err := c.start(m); err != nil {
		t.Fatalf("restart etcd member %s: %v", m.Name, err)
	}
	if err := m.waitHealthy(30 * time.Second); err != nil {
		t.Fatalf("restart etcd member %s: %v", m.Name, err)
	}
}

func (c *Cluster) start(m *Member) error {
	logf, err := os.OpenFile(m.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer func() { _ = logf.Close() }()
	m.cmd = exec.Command(c.bin,
		"--name", m.Name,
		"--data-dir", m.dir,
		"--listen-client-urls", m.ClientURL,
		"--advertise-client-urls", m.ClientURL,
		"--listen-peer-urls", m.peerURL,
		"--initial-advertise-peer-urls", m.peerURL,
		"--initial-cluster", c.initial,
		"--initial-cluster-state", "new",
		"--initial-cluster-token", c.token,
		// Quick elections keep failover tests short; the floor of a
		// lease TTL (1.5 election timeouts, rounded up) stays one second.
		"--heartbeat-interval", "50",
		"--election-timeout", "500",
		"--log-level", "warn",
	)
	m.cmd.Stdout, m.cmd.Stderr = logf, logf
	if c.shared {
		dieWithParent(m.cmd)
	}
	if err := m.cmd.Start(); err != nil {
		return err
	}
	m.waited = make(chan struct{})
	go func() { _ = m.cmd.Wait(); close(m.waited) }()
	return nil
}

// Kill stops the member at once (SIGKILL), as a crash would, and waits for
// it to exit. Killing a dead member does nothing.
func (m *Member) Kill() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Kill()
	<-m.waited
}

func (m *Member) waitHealthy(within time.Duration) error {
	deadline := time.Now().Add(within)
	var last error
	for time.Now().Before(deadline) {
		select {
		case <-m.waited:
			return fmt.Errorf("exited before becoming healthy: %s", readTail(m.log, 3))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.ClientURL+"/health", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			ok := resp.StatusCode == http.StatusOK
			_ = resp.Body.Close()
			cancel()
			if ok {
				return nil
			}
			last = fmt.Errorf("/health: %s", resp.Status)
		} else {
			cancel()
			last = err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("not healthy within %v: %w", within, last)
}

// freeAddrs picks n free loopback ports.
func freeAddrs(n int) ([]string, error) {
	out := make([]string, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("free port: %w", err)
		}
		out = append(out, l.Addr().String())
		_ = l.Close()
	}
	return out, nil
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// Binary returns the etcd server to run, building it when missing; it
// skips t when it cannot be built.
func Binary(t testing.TB) string {
	t.Helper()
	bin, err := BinaryPath()
	if err != nil {
		t.Skipf("no etcd server to run (run `make etcd`, or set CAUSEWAY_ETCD): %v", err)
	}
	return bin
}

// BinaryPath is Binary for callers without a test: the error says why
// there is no server to run.
func BinaryPath() (string, error) {
	binOnce.Do(func() { binPath, binErr = findOrBuild() })
	return binPath, binErr
}

// Version is the etcd server version pinned in tools/etcd/go.mod.
func Version() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	return pinned(filepath.Join(root, "tools", "etcd", "go.mod"), "go.etcd.io/etcd/server/v3")
}

func findOrBuild() (string, error) {
	if p := os.Getenv("CAUSEWAY_ETCD"); p != "" {
		return p, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	ver, err := Version()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(root, ".tools", "etcd-"+ver)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	// The same build as `make etcd`, into a temporary name first so that
	// parallel test binaries never run a half-written file.
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", err
	}
	tmp := fmt.Sprintf("%s.tmp%d", bin, os.Getpid())
	cmd := exec.Command("go", "build", "-trimpath", "-o", tmp, "go.etcd.io/etcd/server/v3")
	cmd.Dir = filepath.Join(root, "tools", "etcd")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build of etcd %s: %w: %s", ver, err, tail(string(out), 10))
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// repoRoot walks up from the working directory to the one holding
// tools/etcd/go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools", "etcd", "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("tools/etcd/go.mod not found above the working directory")
		}
		dir = parent
	}
}

// pinned reads the version of module from a go.mod require line.
func pinned(gomod, module string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(fields) >= 2 && fields[0] == module && strings.HasPrefix(fields[1], "v") {
			return fields[1], nil
		}
	}
	return "", fmt.Errorf("%s: no version of %s", gomod, module)
}

// Pinned is the version of module required by the go.mod at path, relative
// to the repository root.
func Pinned(path, module string) (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	return pinned(filepath.Join(root, path), module)
}

func readTail(path string, lines int) string {
	b, _ := os.ReadFile(path)
	return tail(string(b), lines)
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
