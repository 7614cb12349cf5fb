// Command key-auth is a proxy-wasm plugin that lets through only requests
// carrying one of the configured API keys, in a header or a query
// parameter, and answers the others 401. It runs in the AUTHN phase.
package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/rules"
)

// main is empty: a c-shared module is driven by the host's calls into the
// exports, and init registers the plugin before the first of them.
func main() {}

func init() {
	proxywasm.SetVMContext(newVM())
}

func newVM() *rules.VM[*config] {
	return &rules.VM[*config]{Name: "key-auth", Parse: parseConfig,
		HTTP: func(s *rules.Set[*config]) types.HttpContext { return &httpContext{config: s} }}
}
