// Package plugintest builds the WASM modules the plugin tests need: a real
// proxy-wasm module compiled from registry/plugin/testdata/noop with the
// standard Go toolchain, and small modules that are not proxy-wasm.
package plugintest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var (
	once   sync.Once
	module []byte
	errOut string
)

// Noop answers the noop proxy-wasm plugin, built once per test binary
// (GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared). It fails t when
// the build fails.
func Noop(t testing.TB) []byte {
	t.Helper()
	once.Do(build)
	if module == nil {
		t.Fatalf("build the noop plugin: %s", errOut)
	}
	return module
}

func build() {
	_, file, _, _ := runtime.Caller(0)
	src := filepath.Join(filepath.Dir(file), "..", "testdata", "noop")
	dir, err := os.MkdirTemp("", "causeway-noop-")
	if err != nil {
		errOut = err.Error()
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	out := filepath.Join(dir, "noop.wasm")
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", out, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		errOut = err.Error() + ": " + string(b)
		return
	}
	b, err := os.ReadFile(out)
	if err != nil {
		errOut = err.Error()
		return
	}
	module = b
}

// Empty is the smallest valid WebAssembly module: magic and version, no
// sections. It is wasm but not proxy-wasm.
func Empty() []byte { return []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00} }

// Exporting answers a valid module exporting one function of type () -> ()
// under each name given, e.g. Exporting("proxy_abi_version_0_2_1") lacks
// the proxy_on_* callbacks.
func Exporting(names ...string) []byte {
	m := Empty()
	// type section: one type, func () -> ()
	m = append(m, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00)
	// function section: len(names) functions of type 0
	fn := []byte{byte(len(names))}
	for range names {
		fn = append(fn, 0x00)
	}
	m = append(m, 0x03, byte(len(fn)))
	m = append(m, fn...)
	// export section
	ex := []byte{byte(len(names))}
	for i, n := range names {
		ex = append(ex, byte(len(n)))
		ex = append(ex, n...)
		ex = append(ex, 0x00, byte(i))
	}
	m = append(m, 0x07, byte(len(ex)))
	m = append(m, ex...)
	// code section: each body is empty (no locals, end)
	code := []byte{byte(len(names))}
	for range names {
		code = append(code, 0x02, 0x00, 0x0b)
	}
	m = append(m, 0x0a, byte(len(code)))
	return append(m, code...)
}

// The shipped plugins (plugins/<name>), built once per test binary.
var (
	shippedOnce sync.Once
	shipped     map[string][]byte
	shippedErr  string
)

// ShippedNames are the plugins Shipped builds.
var ShippedNames = []string{"key-auth", "header-rewrite", "ip-restriction", "gray-tag"}

// Shipped answers the shipped plugin name as make plugins builds it
// (GOOS=wasip1 GOARCH=wasm go build -trimpath -buildmode=c-shared
// ./plugins/<name> from the module root). Every plugin of ShippedNames is
// built at the first call; it fails t when a build fails.
func Shipped(t testing.TB, name string) []byte {
	t.Helper()
	shippedOnce.Do(buildShipped)
	if shippedErr != "" {
		t.Fatalf("build the shipped plugins: %s", shippedErr)
	}
	b, ok := shipped[name]
	if !ok {
		t.Fatalf("no shipped plugin %q", name)
	}
	return b
}

func buildShipped() {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	dir, err := os.MkdirTemp("", "causeway-plugins-")
	if err != nil {
		shippedErr = err.Error()
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	out := map[string][]byte{}
	for _, name := range ShippedNames {
		file := filepath.Join(dir, name+".wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-buildmode=c-shared", "-o", file, "./plugins/"+name)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			shippedErr = name + ": " + err.Error() + ": " + string(b)
			return
		}
		if out[name], err = os.ReadFile(file); err != nil {
			shippedErr = err.Error()
			return
		}
	}
	shipped = out
}
