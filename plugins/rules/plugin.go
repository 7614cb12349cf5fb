package rules

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// VM is the VM context of a plugin whose configuration is a Set of T:
// every shipped plugin is one, differing only in its name, its config
// parser and what it does per request.
type VM[T any] struct {
	types.DefaultVMContext
	// Name prefixes the plugin's logs.
	Name string
	// Parse reads one configuration (the default or a rule's).
	Parse func(*conf.Object) (T, error)
	// HTTP answers the context of one request under the started config.
	HTTP func(*Set[T]) types.HttpContext
}

// NewPluginContext implements types.VMContext: Envoy makes one per
// filter, all in the same VM.
func (vm *VM[T]) NewPluginContext(uint32) types.PluginContext {
	return &pluginContext[T]{vm: vm}
}

type pluginContext[T any] struct {
	types.DefaultPluginContext
	vm     *VM[T]
	config *Set[T]
}

// OnPluginStart refuses a configuration that does not parse: Envoy then
// refuses the filter, and the log says why.
func (p *pluginContext[T]) OnPluginStart(int) types.OnPluginStartStatus {
	set, err := Load(p.vm.Parse)
	if err != nil {
		proxywasm.LogError(p.vm.Name + ": invalid pluginConfig, refusing to start: " + err.Error())
		return types.OnPluginStartStatusFailed
	}
	p.config = set
	return types.OnPluginStartStatusOK
}

func (p *pluginContext[T]) NewHttpContext(uint32) types.HttpContext { return p.vm.HTTP(p.config) }
