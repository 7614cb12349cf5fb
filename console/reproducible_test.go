package console

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestDistIsReproducible rebuilds the console from src/ with the locked
// packages into a temporary directory and compares it with the committed
// dist/, byte for byte: what the binary embeds is what the sources make.
// It needs Node.js and npm (make test has them); without them it skips.
func TestDistIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("runs npm and esbuild")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH: the console build cannot be checked (make test installs what it needs)", tool)
		}
	}
	if _, err := os.Stat(filepath.Join("node_modules", "esbuild")); err != nil {
		run(t, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	}
	out := t.TempDir()
	run(t, "node", "build.mjs", out)
	want := files(t, "dist")
	got := files(t, out)
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s is committed but the build does not make it", name)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from a fresh build (%d bytes committed, %d built): run make console and commit console/dist",
				name, len(w), len(g))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the build makes %s, which is not committed: run make console and commit console/dist", name)
		}
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// files reads every file under dir by its path relative to dir.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
