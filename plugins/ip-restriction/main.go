// Command ip-restriction is a proxy-wasm plugin that answers 403 to
// clients by IP address: deny lists win, and a non-empty allow list turns
// away everyone outside it. It runs in the AUTHZ phase.
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
	return &rules.VM[*config]{Name: "ip-restriction", Parse: parseConfig,
		HTTP: func(s *rules.Set[*config]) types.HttpContext { return &httpContext{config: s} }}
}
