//go:build !wasm

package plugintest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

// Case is one plugin start and one request through it.
type Case struct {
	Config   string      // the pluginConfig, raw
	Route    string      // the xds.route_name property; unset when empty
	Source   string      // the source.address property; unset when empty
	Request  [][2]string // request headers, pseudo-headers included
	Response [][2]string // response headers, when the request goes through
}

// Result is what the host saw.
type Result struct {
	Started  bool                         // OnPluginStart answered OK
	Errors   []string                     // error and critical logs
	Action   types.Action                 // of OnHttpRequestHeaders
	Reply    *proxytest.LocalHttpResponse // the local answer, if any
	Request  [][2]string                  // request headers after the plugin
	Response [][2]string                  // response headers after the plugin
}

// Run starts the plugin of vm with c.Config and, if it starts, sends
// c.Request, then c.Response unless the plugin answered locally.
func Run(t *testing.T, vm types.VMContext, c Case) (r Result) {
	t.Helper()
	opt := proxytest.NewEmulatorOption().WithVMContext(vm).WithPluginConfiguration([]byte(c.Config))
	if c.Route != "" {
		opt = opt.WithProperty([]string{"xds", "route_name"}, []byte(c.Route))
	}
	if c.Source != "" {
		opt = opt.WithProperty([]string{"source", "address"}, []byte(c.Source))
	}
	host, reset := proxytest.NewHostEmulator(opt)
	defer reset()
	r.Started = host.StartPlugin() == types.OnPluginStartStatusOK
	defer func() { r.Errors = append(host.GetErrorLogs(), host.GetCriticalLogs()...) }()
	if !r.Started {
		return r
	}
	id := host.InitializeHttpContext()
	r.Action = host.CallOnRequestHeaders(id, c.Request, false)
	r.Reply = host.GetSentLocalResponse(id)
	r.Request = host.GetCurrentRequestHeaders(id)
	if r.Reply == nil {
		host.CallOnResponseHeaders(id, c.Response, false)
		r.Response = host.GetCurrentResponseHeaders(id)
	}
	host.CompleteHttpContext(id)
	return r
}

// VM is a plugin to run cases against, named for subtests.
type VM struct {
	Name string
	VM   types.VMContext
}

// VMs answers the plugin as Go code and, when the environment variable
// PLUGINS_WASM_DIR names a directory holding <name>.wasm (make plugins
// writes build/plugins), also as that module run in wazero: the same
// cases then prove the compiled module behaves as the source does.
func VMs(t *testing.T, name string, native types.VMContext) []VM {
	t.Helper()
	vms := []VM{{"go", native}}
	dir := os.Getenv("PLUGINS_WASM_DIR")
	if dir == "" {
		return vms
	}
	b, err := os.ReadFile(filepath.Join(dir, name+".wasm"))
	if err != nil {
		t.Fatalf("PLUGINS_WASM_DIR is set: %v", err)
	}
	wasm, err := proxytest.NewWasmVMContext(b)
	if err != nil {
		t.Fatalf("load %s.wasm: %v", name, err)
	}
	t.Cleanup(func() { _ = wasm.Close() })
	return append(vms, VM{"wasm", wasm})
}

// Values answers the values of the header name, in order.
func Values(headers [][2]string, name string) []string {
	var out []string
	for _, h := range headers {
		if h[0] == name {
			out = append(out, h[1])
		}
	}
	return out
}
