package plugin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
)

// verifyTimeout bounds the compilation of one module.
const verifyTimeout = 60 * time.Second

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// verified remembers the sha256 of modules that passed Verify: a module is
// its bytes, so it need not be compiled twice in one process.
var verified sync.Map // sha256 -> struct{}

// SHA256 answers the lowercase hex sha256 of b.
func SHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Verify checks that b is a module Envoy can load as a proxy-wasm plugin:
// the WebAssembly magic and version 1, a module wazero compiles (which
// validates it whole), and exports of a proxy_abi_version_* function and
// at least one proxy_on_* function. Its error says which check failed.
func Verify(ctx context.Context, b []byte) error {
	if len(b) < len(wasmHeader) || !bytes.Equal(b[:4], wasmHeader[:4]) {
		return fmt.Errorf("the module is not WebAssembly (no \\0asm magic)")
	}
	if !bytes.Equal(b[4:8], wasmHeader[4:]) {
		return fmt.Errorf("the module has WebAssembly version %x, want 1", b[4:8])
	}
	sum := SHA256(b)
	if _, ok := verified.Load(sum); ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, verifyTimeout)
	defer cancel()
	// The interpreter validates the module fully without generating
	// machine code: cheaper, and nothing of the module ever runs here.
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter().WithCloseOnContextDone(true))
	defer func() { _ = rt.Close(context.WithoutCancel(ctx)) }()
	cm, err := rt.CompileModule(ctx, b)
	if err != nil {
		return fmt.Errorf("the module is not valid WebAssembly: %w", err)
	}
	var abi, callbacks bool
	for n := range cm.ExportedFunctions() {
		abi = abi || strings.HasPrefix(n, "proxy_abi_version_")
		callbacks = callbacks || strings.HasPrefix(n, "proxy_on_")
	}
	switch {
	case !abi:
		return fmt.Errorf("the module is not a proxy-wasm plugin: it exports no proxy_abi_version_* function")
	case !callbacks:
		return fmt.Errorf("the module is not a proxy-wasm plugin: it exports no proxy_on_* function")
	}
	verified.Store(sum, struct{}{})
	return nil
}
