// Command noop is the smallest real proxy-wasm plugin: it lets every
// request through. The plugin package's tests build it
// (GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared) to have a module
// that Envoy would load.
package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() {
	proxywasm.SetHttpContext(func(uint32) types.HttpContext { return &types.DefaultHttpContext{} })
}

func main() {}
