package plugin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// The host side of a configuration check: what Envoy's proxy-wasm host
// (proxy-wasm-cpp-host and Envoy's context) answers a plugin that starts,
// for the calls plugins make then (ABI 0.2.x), and a stand-in answering
// Unimplemented for every other function a module imports, so that no
// import Causeway does not model keeps a module from being checked.

// proxy-wasm statuses (spec v0.2.1).
const (
	statusOK                  = 0
	statusNotFound            = 1
	statusBadArgument         = 2
	statusInvalidMemoryAccess = 6
	statusUnimplemented       = 12
)

// proxy-wasm buffer types the host keeps while a plugin starts.
const (
	bufferVMConfiguration     = 6
	bufferPluginConfiguration = 7
	bufferTypeMax             = 8
)

// proxy-wasm log levels.
const (
	logWarn     = 3
	logError    = 4
	logCritical = 5
)

// Bounds of what a check keeps of a plugin's output.
const (
	maxLogLines   = 32
	maxLogLineLen = 1024
	maxOutput     = 4096
	maxReasons    = 3
	maxReasonLen  = 512
)

// hostCall is the state of one check's instance; the host functions reach
// it through the context of the calls into the module.
type hostCall struct {
	pluginConfig  []byte
	configVisible bool         // Envoy shows the plugin configuration now
	malloc        api.Function // the module's allocator
	logs          []logLine    // the last maxLogLines
	stdout        capped
	stderr        capped
	lastID        uint32 // of metrics and queues
	timeout       time.Duration
}

type logLine struct {
	level uint32
	msg   string
}

type hostCallKey struct{}

func withHostCall(ctx context.Context, h *hostCall) context.Context {
	return context.WithValue(ctx, hostCallKey{}, h)
}

func hostCallOf(ctx context.Context) *hostCall {
	h, _ := ctx.Value(hostCallKey{}).(*hostCall)
	return h
}

// capped keeps the first maxOutput bytes written to it.
type capped struct{ b []byte }

func (c *capped) Write(p []byte) (int, error) {
	if room := maxOutput - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// reasons answers the plugin's last error (else warning) logs, the best
// account of why it refused or failed; "" when it logged none.
func (h *hostCall) reasons() string {
	for _, levels := range [][2]uint32{{logError, logCritical}, {logWarn, logWarn}} {
		var out []string
		for i := len(h.logs) - 1; i >= 0 && len(out) < maxReasons; i-- {
			if l := h.logs[i]; l.level >= levels[0] && l.level <= levels[1] {
				out = append(out, clip(l.msg))
			}
		}
		if len(out) > 0 {
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
			return strings.Join(out, "; ")
		}
	}
	return ""
}

// output answers the first lines the module wrote to stderr, else stdout
// (a Go panic's message, a runtime's fatal error).
func (h *hostCall) output() string {
	for _, c := range []*capped{&h.stderr, &h.stdout} {
		var lines []string
		for l := range strings.Lines(string(c.b)) {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
			if len(lines) == 2 {
				break
			}
		}
		if len(lines) > 0 {
			return clip(strings.Join(lines, " "))
		}
	}
	return ""
}

func clip(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "?"))
	if len(s) > maxReasonLen {
		s = strings.ToValidUTF8(s[:maxReasonLen], "") + "..."
	}
	return s
}

// buffer answers the host buffer of type t as Envoy keeps it for a root
// context that starts: the VM configuration (none: Causeway sets no
// vm_config.configuration) and, while the plugin is created and
// configured, its configuration. ok is false for the others.
func (h *hostCall) buffer(t uint32) (b []byte, ok bool) {
	switch {
	case t == bufferVMConfiguration:
		return nil, true
	case t == bufferPluginConfiguration && h.configVisible:
		return h.pluginConfig, true
	}
	return nil, false
}

// copyOut hands data to the module as proxy-wasm-cpp-host does: in memory
// the module allocates, its address and size written at ptrPtr and
// sizePtr (0 and 0 for no data).
func (h *hostCall) copyOut(ctx context.Context, mod api.Module, data []byte, ptrPtr, sizePtr uint32) uint32 {
	mem := mod.Memory()
	if mem == nil {
		return statusInvalidMemoryAccess
	}
	var ptr uint32
	if len(data) > 0 {
		if h.malloc == nil {
			return statusInvalidMemoryAccess
		}
		res, err := h.malloc.Call(ctx, uint64(len(data)))
		if err != nil {
			panic(err) // the allocator trapped: so does the call
		}
		ptr = uint32(res[0])
		if ptr == 0 || !mem.Write(ptr, data) {
			return statusInvalidMemoryAccess
		}
	}
	if !mem.WriteUint32Le(ptrPtr, ptr) || !mem.WriteUint32Le(sizePtr, uint32(len(data))) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}

// hostFunc is a host function of "env" that answers a status.
type hostFunc struct {
	params []api.ValueType
	fn     func(ctx context.Context, h *hostCall, mod api.Module, args []uint64) uint32
}

// envFuncs are the functions of "env" modelled on Envoy: those plugins
// call while starting. Arguments are u32 unless said.
var envFuncs = map[string]hostFunc{
	// proxy_log(level, message_data, message_size)
	"proxy_log": {[]api.ValueType{valI32, valI32, valI32}, func(_ context.Context, h *hostCall, mod api.Module, a []uint64) uint32 {
		level := uint32(a[0])
		if level > logCritical {
			return statusBadArgument
		}
		mem := mod.Memory()
		if mem == nil {
			return statusInvalidMemoryAccess
		}
		msg, ok := mem.Read(uint32(a[1]), uint32(a[2]))
		if !ok {
			return statusInvalidMemoryAccess
		}
		if len(h.logs) == maxLogLines {
			h.logs = append(h.logs[:0], h.logs[1:]...)
		}
		h.logs = append(h.logs, logLine{level, string(msg[:min(len(msg), maxLogLineLen)])})
		return statusOK
	}},
	// proxy_get_log_level(return_level): Envoy's default, info.
	"proxy_get_log_level": {[]api.ValueType{valI32}, func(_ context.Context, _ *hostCall, mod api.Module, a []uint64) uint32 {
		return writeU32(mod, uint32(a[0]), 2)
	}},
	// proxy_get_buffer_bytes(type, start, max_size, return_data, return_size)
	"proxy_get_buffer_bytes": {[]api.ValueType{valI32, valI32, valI32, valI32, valI32}, func(ctx context.Context, h *hostCall, mod api.Module, a []uint64) uint32 {
		t := uint32(a[0])
		if t > bufferTypeMax {
			return statusBadArgument
		}
		buf, ok := h.buffer(t)
		if !ok {
			return statusNotFound
		}
		start, length := uint64(uint32(a[1])), uint64(uint32(a[2]))
		size := uint64(len(buf))
		switch {
		case start > size:
			length = 0
		case start+length > size:
			length = size - start
		}
		if length == 0 {
			return h.copyOut(ctx, mod, nil, uint32(a[3]), uint32(a[4]))
		}
		return h.copyOut(ctx, mod, buf[start:start+length], uint32(a[3]), uint32(a[4]))
	}},
	// proxy_get_buffer_status(type, return_length, return_flags)
	"proxy_get_buffer_status": {[]api.ValueType{valI32, valI32, valI32}, func(_ context.Context, h *hostCall, mod api.Module, a []uint64) uint32 {
		t := uint32(a[0])
		if t > bufferTypeMax {
			return statusBadArgument
		}
		buf, ok := h.buffer(t)
		if !ok {
			return statusNotFound
		}
		if s := writeU32(mod, uint32(a[1]), uint32(len(buf))); s != statusOK {
			return s
		}
		return writeU32(mod, uint32(a[2]), 0)
	}},
	// proxy_get_property(path_data, path_size, return_data, return_size):
	// a starting plugin is told no property.
	"proxy_get_property": {[]api.ValueType{valI32, valI32, valI32, valI32}, func(context.Context, *hostCall, api.Module, []uint64) uint32 {
		return statusNotFound
	}},
	"proxy_set_tick_period_milliseconds": {[]api.ValueType{valI32}, ok},
	"proxy_set_effective_context":        {[]api.ValueType{valI32}, ok},
	"proxy_done":                         {nil, ok},
	// proxy_define_metric(type, name_data, name_size, return_id)
	"proxy_define_metric": {[]api.ValueType{valI32, valI32, valI32, valI32}, func(_ context.Context, h *hostCall, mod api.Module, a []uint64) uint32 {
		if uint32(a[0]) > 2 {
			return statusBadArgument
		}
		return h.newID(mod, uint32(a[3]))
	}},
	// proxy_increment_metric(id, offset valI64), proxy_record_metric(id, value u64)
	"proxy_increment_metric": {[]api.ValueType{valI32, valI64}, ok},
	"proxy_record_metric":    {[]api.ValueType{valI32, valI64}, ok},
	// proxy_get_metric(id, return_value u64)
	"proxy_get_metric": {[]api.ValueType{valI32, valI32}, func(_ context.Context, _ *hostCall, mod api.Module, a []uint64) uint32 {
		return writeU64(mod, uint32(a[1]), 0)
	}},
	// proxy_get_current_time_nanoseconds(return_time u64), of ABI 0.1.0
	// and still imported by some SDKs.
	"proxy_get_current_time_nanoseconds": {[]api.ValueType{valI32}, func(_ context.Context, _ *hostCall, mod api.Module, a []uint64) uint32 {
		return writeU64(mod, uint32(a[0]), uint64(time.Now().UnixNano()))
	}},
	// proxy_register_shared_queue(name_data, name_size, return_id)
	"proxy_register_shared_queue": {[]api.ValueType{valI32, valI32, valI32}, func(_ context.Context, h *hostCall, mod api.Module, a []uint64) uint32 {
		return h.newID(mod, uint32(a[2]))
	}},
	// proxy_get_shared_data(key_data, key_size, return_value_data,
	// return_value_size, return_cas): nothing is shared yet.
	"proxy_get_shared_data": {[]api.ValueType{valI32, valI32, valI32, valI32, valI32}, func(context.Context, *hostCall, api.Module, []uint64) uint32 {
		return statusNotFound
	}},
	// proxy_set_shared_data(key_data, key_size, value_data, value_size, cas)
	"proxy_set_shared_data": {[]api.ValueType{valI32, valI32, valI32, valI32, valI32}, ok},
}

func ok(context.Context, *hostCall, api.Module, []uint64) uint32 { return statusOK }

func (h *hostCall) newID(mod api.Module, at uint32) uint32 {
	h.lastID++
	return writeU32(mod, at, h.lastID)
}

func writeU32(mod api.Module, at, v uint32) uint32 {
	if mem := mod.Memory(); mem != nil && mem.WriteUint32Le(at, v) {
		return statusOK
	}
	return statusInvalidMemoryAccess
}

func writeU64(mod api.Module, at uint32, v uint64) uint32 {
	if mem := mod.Memory(); mem != nil && mem.WriteUint64Le(at, v) {
		return statusOK
	}
	return statusInvalidMemoryAccess
}

// instantiateImports makes in rt every module whose functions cm imports:
// WASI preview1 (also under its old name wasi_unstable), and for any other
// name a host module with a function per import: for "env", the modelled
// proxy-wasm functions where the signatures match, and for every other
// import a stand-in of the imported signature that answers Unimplemented
// (12) in each integer result.
func instantiateImports(ctx context.Context, rt wazero.Runtime, cm wazero.CompiledModule) error {
	byModule := map[string][]api.FunctionDefinition{}
	var order []string
	for _, f := range cm.ImportedFunctions() {
		mod, _, _ := f.Import()
		if byModule[mod] == nil {
			order = append(order, mod)
		}
		byModule[mod] = append(byModule[mod], f)
	}
	for _, mod := range order {
		switch mod {
		case wasi_snapshot_preview1.ModuleName:
			if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
				return err
			}
		case "wasi_unstable":
			wasi, err := wasi_snapshot_preview1.NewBuilder(rt).Compile(ctx)
			if err != nil {
				return err
			}
			if _, err := rt.InstantiateModule(ctx, wasi, wazero.NewModuleConfig().WithName(mod)); err != nil {
				return err
			}
		default:
			b := rt.NewHostModuleBuilder(mod)
			seen := map[string]bool{}
			for _, f := range byModule[mod] {
				_, name, _ := f.Import()
				if seen[name] {
					continue
				}
				seen[name] = true
				fb := b.NewFunctionBuilder()
				if hf, ok := envFuncs[name]; ok && mod == "env" && slices.Equal(f.ParamTypes(), hf.params) &&
					slices.Equal(f.ResultTypes(), []api.ValueType{valI32}) {
					fb = fb.WithGoModuleFunction(modelled(hf.fn), hf.params, []api.ValueType{valI32})
				} else {
					fb = fb.WithGoModuleFunction(standIn(f.ResultTypes()), f.ParamTypes(), f.ResultTypes())
				}
				fb.Export(name)
			}
			if _, err := b.Instantiate(ctx); err != nil {
				return fmt.Errorf("host module %s: %w", mod, err)
			}
		}
	}
	return nil
}

// modelled adapts a hostFunc to wazero: it answers InternalFailure when
// the call does not come from a check.
func modelled(fn func(context.Context, *hostCall, api.Module, []uint64) uint32) api.GoModuleFunc {
	return func(ctx context.Context, mod api.Module, stack []uint64) {
		h := hostCallOf(ctx)
		if h == nil {
			stack[0] = 10 // InternalFailure
			return
		}
		stack[0] = uint64(fn(ctx, h, mod, stack))
	}
}

// standIn is a function of an import Causeway does not model.
func standIn(results []api.ValueType) api.GoModuleFunc {
	return func(_ context.Context, _ api.Module, stack []uint64) {
		for i, t := range results {
			stack[i] = 0
			if t == valI32 || t == valI64 {
				stack[i] = statusUnimplemented
			}
		}
	}
}
