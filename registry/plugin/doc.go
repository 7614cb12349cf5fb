// Package plugin is the domain of the WASM plugins of Causeway's
// application gateways (CSE seed 004 §7.1-7.5): which proxy-wasm module
// runs in which gateway, in which phase, with which configuration.
//
// Causeway delivers the modules itself. On create and update it fetches
// the module named by the plugin's URL (http, https, an OCI registry, or
// causeway:// for a module uploaded beforehand; a fetch reaches only
// public addresses and those the operator allow-lists, follows at most
// MaxRedirects redirects and answers the caller one error whatever went
// wrong, FetchFailedMsg, so the API is no scanner of the server's
// networks), checks its sha256,
// verifies that it is a loadable proxy-wasm module (compiled with wazero,
// exporting proxy_abi_version_* and proxy_on_* functions and an
// allocator), runs the plugin's own configuration step on its
// pluginConfig as Envoy would (CheckConfig: a configuration the plugin
// refuses would make Envoy refuse the gateway's whole plugin chain) and
// keeps the module content-addressed in the store, whence the HTTP port
// serves it to Envoy (GET /causeway/v1/wasm/{sha256}.wasm). A plugin
// record is written only after its module is stored, and a module only
// once it passed its checks, so a failed fetch or check changes nothing
// and a running plugin keeps its last good module and configuration. Envoy never makes
// Causeway fetch anything: it reads what is already stored.
//
// A plugin can be disabled (Plugin.Disabled, Causeway's addition to the
// seed's fields): it keeps its module and checked configuration but the
// control plane leaves it out of the gateway's filter chain until it is
// enabled again.
//
// Records follow the shape of registry/gateway: guarded store
// transactions, an in-memory view fed by the store's watch (a write
// returns once the view shows it), and a coalescing change feed of
// gateway keys (Listen) for the control plane's translator.
package plugin
