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
	proxywasm.SetVMContext(&vmContext{})
}

type vmContext struct {
	types.DefaultVMContext
}

func (*vmContext) NewPluginContext(uint32) types.PluginContext {
	return &pluginContext{}
}

// pluginContext is one configured instance of the plugin; Envoy runs one
// per filter, all in the same VM.
type pluginContext struct {
	types.DefaultPluginContext
	config *rules.Set[*config]
}

func (p *pluginContext) OnPluginStart(int) types.OnPluginStartStatus {
	set, err := rules.Load(parseConfig)
	if err != nil {
		proxywasm.LogErrorf("gray-tag: invalid pluginConfig, refusing to start: %v", err)
		return types.OnPluginStartStatusFailed
	}
	p.config = set
	return types.OnPluginStartStatusOK
}

func (p *pluginContext) NewHttpContext(uint32) types.HttpContext {
	return &httpContext{config: p.config}
}
