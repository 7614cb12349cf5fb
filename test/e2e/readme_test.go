package e2e

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// quickStartPorts are the ports the README's quick start uses as written:
// the server's defaults (REST, xDS, http2rpc, Nacos gRPC), the two echo
// backends, the gateway listener and the gateway Envoy's admin port.
var quickStartPorts = []int{8848, 18000, 8849, 9848, 9001, 9002, 10080, 9901}

// The README's five-minute quick start works as written: the server as
// `make run` starts it (default ports, the password the README chooses),
// then the README's block in bash from the repository root. The one change:
// the binary under test comes first on PATH, ahead of the block's bin/.
func TestReadmeQuickStart(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the quick start needs %s on PATH", tool)
		}
	}
	root := moduleRoot()
	envoyBinary(t) // skips or fails as every Envoy test does when make envoy has not run
	for _, p := range quickStartPorts {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			t.Fatalf("the quick start needs port %d free (is a make run still running?): %v", p, err)
		}
		ln.Close()
	}
	block := quickStartBlock(t, filepath.Join(root, "README.md"))

	srv := exec.Command(binary, "serve", "--data-dir", t.TempDir())
	srv.Env = append(os.Environ(), "CAUSEWAY_ADMIN_PASSWORD=s3cret-Pass")
	var srvOut syncBuffer
	srv.Stdout, srv.Stderr = &srvOut, &srvOut
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Signal(syscall.SIGTERM); _ = srv.Wait() })
	eventually(t, 20*time.Second, "the server on :8848 to be ready", func() bool {
		resp, err := http.Get("http://127.0.0.1:8848/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})

	out := runQuickStart(t, root, block)
	checkQuickStart(t, out)
}

// quickStartBlock answers the shell block between the README's
// quickstart markers.
func quickStartBlock(t *testing.T, readme string) string {
	t.Helper()
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- quickstart:begin[^>]*-->\\s*```sh\\n(.*?)```\\s*<!-- quickstart:end -->").FindSubmatch(b)
	if m == nil {
		t.Fatal("README.md has no ```sh block between <!-- quickstart:begin --> and <!-- quickstart:end -->")
	}
	return string(m[1])
}

// runQuickStart runs block in bash from root, in its own process group so
// that what it leaves running (the echo servers, Envoy) is stopped after.
func runQuickStart(t *testing.T, root, block string) string {
	t.Helper()
	first := t.TempDir()
	if err := os.Symlink(binary, filepath.Join(first, "causeway")); err != nil {
		t.Fatal(err)
	}
	const pathLine = "export PATH=$PWD/bin:$PATH"
	if !strings.Contains(block, pathLine) {
		t.Fatalf("the quick start no longer puts bin/ on PATH with %q", pathLine)
	}
	script := "set -euo pipefail\n" + strings.Replace(block, pathLine, "export PATH="+first+":$PWD/bin:$PATH", 1)
	cmd := exec.Command("bash", "-c", script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A file, not a pipe: what the block leaves running holds its
	// stdout, and Wait would wait for a pipe to close.
	out, err := os.Create(filepath.Join(t.TempDir(), "quickstart.out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	printed := func() string { b, _ := os.ReadFile(out.Name()); return string(b) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) })
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the quick start failed: %v\n%s", err, printed())
		}
	case <-time.After(3 * time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("the quick start did not end in 3 minutes\n%s", printed())
	}
	t.Logf("quick start output:\n%s", printed())
	return printed()
}

// checkQuickStart reads the outcome the README promises from what the
// block printed: both versions balanced before the rule, the header
// request on 2.0.0 after it, and about 10 % of 200 on 2.0.0.
func checkQuickStart(t *testing.T, out string) {
	t.Helper()
	for _, want := range []string{"Logged in to http://127.0.0.1:8848 as nacos", "gateway/gw1 created",
		"route/gw1/orders created", "routerule/orders created", "gateway-example"} {
		if !strings.Contains(out, want) {
			t.Errorf("the quick start did not print %q", want)
		}
	}
	counts := regexp.MustCompile(`(?m)^\s*(\d+) (orders-v[12])$`).FindAllStringSubmatch(out, -1)
	if len(counts) != 4 {
		t.Fatalf("want two counts of both versions (before and after the rule), got %q", counts)
	}
	if n := atoi(counts[0][1]) + atoi(counts[1][1]); n != 20 {
		t.Errorf("before the rule: %d of 20 requests counted", n)
	}
	v2 := 0
	for _, c := range counts[2:] {
		if c[2] == "orders-v2" {
			v2 = atoi(c[1])
		}
	}
	if v2 < 6 || v2 > 40 {
		t.Errorf("after the rule %d of 200 requests reached orders-v2, want about 20", v2)
	}
	if !regexp.MustCompile(`(?m)^orders-v2$`).MatchString(out) {
		t.Error("the request with x-version: v2 did not print orders-v2 on its own line")
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
