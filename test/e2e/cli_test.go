package e2e

import (
	"errors"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func runBinary(t *testing.T, args ...string) (exitCode int, output string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("causeway %v did not exit", args)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

func TestCLIVersion(t *testing.T) {
	code, out := runBinary(t, "version")
	if code != 0 || !strings.HasPrefix(out, "causeway ") {
		t.Fatalf("version: code %d, output %q", code, out)
	}
}

// A bad flag or a taken port must exit non-zero with one clear line.
func TestCLIRefusesBadStart(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"serve", "--no-such-flag"}, "flag provided but not defined"},
		{"bad auth value", []string{"serve", "--auth=maybe"}, "invalid --auth"},
		{"bad store", []string{"serve", "--store", "mysql"}, "invalid --store"},
		{"bad address", []string{"serve", "--http-addr", "nonsense"}, "invalid --http-addr"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, "invalid --log-level"},
		{"taken port", []string{"serve", "--data-dir", t.TempDir(), "--auth=false", "--http-addr", taken.Addr().String()}, "address already in use"},
		{"unknown command", []string{"launch"}, "unknown command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out := runBinary(t, tc.args...)
			if code == 0 {
				t.Fatalf("exit 0, want non-zero; output %q", out)
			}
			lastLine := lastLine(out)
			if !strings.Contains(lastLine, tc.want) || !strings.HasPrefix(lastLine, "causeway") {
				t.Fatalf("last line %q does not say %q; output:\n%s", lastLine, tc.want, out)
			}
		})
	}
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}
