// Command gray-tag is a proxy-wasm plugin that tags requests for gray
// (canary) releases: it sets a tag header from the first matching rule,
// by header, cookie or a sticky percentage, and keeps a tag the request
// already carries so the whole call chain stays on one version.
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
	return &rules.VM[*config]{Name: "gray-tag", Parse: parseConfig,
		HTTP: func(s *rules.Set[*config]) types.HttpContext { return &httpContext{config: s} }}
}
