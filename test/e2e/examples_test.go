package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry/store/etcd/etcdtest"
)

// exampleTimeout bounds one example's run.sh: each takes well under a
// minute alone; the rest is room for a busy machine.
const exampleTimeout = 3 * time.Minute

// The runnable examples (examples/*/run.sh) pass against the binary under
// test, each in parallel with the others: they pick free ports and a
// temporary directory of their own, and check their own outcome.
func TestExamples(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the examples need %s on PATH", tool)
		}
	}
	root := moduleRoot()
	bin := t.TempDir()
	// Built once here rather than by every example that needs them.
	for _, b := range []struct{ name, pkg string }{{"echo", "./examples/internal/echo"}, {"nacos-goclient", "./test/nacos/goclient"}} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, b.name), b.pkg)
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", b.pkg, err, out)
		}
	}
	scripts, err := filepath.Glob(filepath.Join(root, "examples", "*", "run.sh"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no examples/*/run.sh (%v)", err)
	}
	for _, script := range scripts {
		name := filepath.Base(filepath.Dir(script))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := append(os.Environ(), "CAUSEWAY_BIN="+binary, "ECHO_BIN="+filepath.Join(bin, "echo"),
				"NACOS_GOCLIENT="+filepath.Join(bin, "nacos-goclient"), "CAUSEWAY_ENVOY="+envoyBinary(t))
			env = append(env, exampleNeeds(t, name)...)
			runExample(t, script, env)
		})
	}
}

// exampleNeeds answers the environment an example needs beyond Causeway,
// Envoy and the echo backend, or skips it when that is missing.
func exampleNeeds(t *testing.T, name string) []string {
	t.Helper()
	switch name {
	case "cluster":
		return []string{"CAUSEWAY_ETCD=" + etcdtest.Binary(t)}
	case "http-to-dubbo":
		return []string{"JAVA_PROVIDER_JAR=" + javaProviderJar.build(t)}
	}
	return nil
}

func runExample(t *testing.T, script string, env []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exampleTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = env
	// An interrupt first, so the script's trap stops what it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 20 * time.Second
	begin := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v after %v\n%s", script, err, time.Since(begin).Round(time.Millisecond), out)
	}
	t.Logf("%s passed in %v", filepath.Base(filepath.Dir(script)), time.Since(begin).Round(time.Millisecond))
}
