// Command header-rewrite is a proxy-wasm plugin that removes, sets and
// adds request and response headers. Several instances compose in filter
// chain order: add appends a value, so a later instance's add follows an
// earlier one's set.
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
	return &rules.VM[*config]{Name: "header-rewrite", Parse: parseConfig,
		HTTP: func(s *rules.Set[*config]) types.HttpContext { return &httpContext{rules: s} }}
}
