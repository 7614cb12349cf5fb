package plugin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// SHA256 answers the lowercase hex sha256 of b.
func SHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Verify checks that b is a module Envoy can load as a proxy-wasm plugin:
// the WebAssembly magic and version 1, a module wazero compiles (which
// validates it whole), exports of a proxy_abi_version_* function, of at
// least one proxy_on_* function and of an allocator (malloc or
// proxy_on_memory_allocate), and the signatures Envoy requires of the
// callbacks it calls first. Its error says which check failed.
//
// The compiled module stays in the configuration checker's cache (see
// CheckConfig), so a plugin's configuration check right after costs no
// second compilation.
func Verify(ctx context.Context, b []byte) error {
	if len(b) < len(wasmHeader) || !bytes.Equal(b[:4], wasmHeader[:4]) {
		return fmt.Errorf("the module is not WebAssembly (no \\0asm magic)")
	}
	if !bytes.Equal(b[4:8], wasmHeader[4:]) {
		return fmt.Errorf("the module has WebAssembly version %x, want 1", b[4:8])
	}
	m, err := checker.cache.acquire(ctx, SHA256(b), func() ([]byte, error) { return b, nil })
	if err != nil {
		return err
	}
	checker.cache.release(m)
	return nil
}
