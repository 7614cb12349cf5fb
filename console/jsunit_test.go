package console

import (
	"os/exec"
	"testing"
)

// TestJavaScriptUnits runs the console's JavaScript unit tests (test/*.test.mjs)
// with node's own test runner, so that make test runs them; without node it
// skips.
func TestJavaScriptUnits(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH: the console's JavaScript tests cannot run")
	}
	out, err := exec.Command("node", "--test", "test/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
