package plugin

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// Why the configuration check exists: a gateway's plugins reach Envoy as
// one filter chain (controlplane/translate/plugins.go), so a plugin whose
// proxy_on_configure refuses its pluginConfig makes Envoy NACK the whole
// chain, and every later plugin change on that gateway waits until the bad
// plugin is fixed. Causeway promises that what Envoy would refuse is
// refused at the API with a clear message instead. Only the plugin knows
// which configurations it takes, so Causeway asks it: it starts the module
// in wazero as Envoy starts it in V8 and hands it the very bytes Envoy
// would hand it.

// Limits of one configuration check.
const (
	// ConfigureTimeout bounds one check, from instantiation to the answer
	// of proxy_on_configure: a plugin that loops forever is refused.
	ConfigureTimeout = 10 * time.Second
	// ConfigureMemoryPages bounds a module's linear memory during a check
	// (64 KiB pages: 128 MiB). A plugin that needs more traps, and is
	// refused; a module that declares more cannot be loaded.
	ConfigureMemoryPages = 2048
	// maxConcurrentChecks bounds the modules running at once: each
	// check's instance holds its own memory, several MB for a Go plugin.
	maxConcurrentChecks = 2
	// rootContextID is the root context the check creates, as Envoy's
	// first plugin of a VM does.
	rootContextID = 1
)

// ConfigError is why a module refused to start or to take its
// configuration. Field is the input at fault: "pluginConfig" when
// proxy_on_configure refused or failed, "url" when the module failed
// before its configuration mattered (it cannot be instantiated, its
// start-up traps, or proxy_on_vm_start refused).
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string { return e.Reason }

// CheckConfig runs the configuration step of the proxy-wasm module with the
// plugin configuration config, exactly as Envoy runs it when it loads the
// plugin, and answers a *ConfigError when the plugin would not start:
//
//   - the module is instantiated with WASI preview1 and a host "env"
//     that provides every function the module imports (the proxy-wasm
//     calls a plugin makes while starting behave as in Envoy; any other
//     import answers Unimplemented);
//   - _initialize (then main or __main_void) runs if exported, else
//     _start, as proxy-wasm-cpp-host does;
//   - then proxy_on_context_create(root, 0), proxy_on_vm_start(root, 0)
//     (no VM configuration, as Causeway configures none) and
//     proxy_on_configure(root, len(config)), the plugin reading config
//     through proxy_get_buffer_bytes.
//
// The plugin's error and warning logs are its reasons: a refusal carries
// the last of them. A trap, an exit, a loop (ConfigureTimeout) or memory
// beyond ConfigureMemoryPages is a *ConfigError too. An error that is not
// a *ConfigError means the check could not run (ctx was cancelled). A
// module that imports its linear memory, which Envoy creates but wazero's
// host modules cannot export, is not run: it passes unchecked.
//
// Compiled modules are cached by sha256 (a few, least recently used
// first out), so checking another configuration of a known module costs
// an instantiation and three calls.
func CheckConfig(ctx context.Context, module, config []byte) error {
	return checker.check(ctx, SHA256(module), func() ([]byte, error) { return module, nil }, config)
}

// configChecker runs checks on the modules of its cache.
type configChecker struct {
	cache   *moduleCache
	slots   chan struct{}
	timeout time.Duration // ConfigureTimeout but in tests
}

// checker is the process's checker: Verify and CheckConfig share its
// compiled modules.
var checker = newConfigChecker(engineCompiler, defaultCachedModules)

func newConfigChecker(e engine, cached int) *configChecker {
	return &configChecker{cache: newModuleCache(e, cached), slots: make(chan struct{}, maxConcurrentChecks),
		timeout: ConfigureTimeout}
}

// check checks config against the module with this sha256, which load
// answers if it is not compiled yet.
func (c *configChecker) check(ctx context.Context, sha string, load func() ([]byte, error), config []byte) error {
	m, err := c.cache.acquire(ctx, sha, load)
	if err != nil {
		return err
	}
	defer c.cache.release(m)
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("check pluginConfig: %w", ctx.Err())
	}
	defer func() { <-c.slots }()
	return m.configure(ctx, config, c.timeout)
}

// stage is one step of a plugin's start, for messages.
type stage struct {
	name  string // what the message says was under way
	field string // the input at fault when it fails
}

var (
	stageInstantiate = stage{"instantiating the module", "url"}
	stageStart       = stage{"starting the module", "url"}
	stageCreate      = stage{"proxy_on_context_create", "url"}
	stageVMStart     = stage{"proxy_on_vm_start", "url"}
	stageConfigure   = stage{"proxy_on_configure", "pluginConfig"}
)

// configure starts one instance of m and hands it config.
func (m *compiled) configure(parent context.Context, config []byte, timeout time.Duration) error {
	if m.skip != "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	h := &hostCall{pluginConfig: config, timeout: timeout}
	ctx = withHostCall(ctx, h)
	mod, err := m.instantiate(ctx, h)
	if err != nil {
		return h.failed(parent, ctx, stageInstantiate, err)
	}
	defer func() { _ = mod.Close(context.WithoutCancel(ctx)) }()

	call := func(s stage, name string, args ...uint64) ([]uint64, error) {
		f := mod.ExportedFunction(name)
		if f == nil {
			return nil, nil
		}
		res, err := f.Call(ctx, args...)
		if err != nil {
			return nil, h.failed(parent, ctx, s, err)
		}
		return res, nil
	}
	if m.has("_initialize") {
		if _, err := call(stageStart, "_initialize"); err != nil {
			return err
		}
		if m.has("main") {
			_, err = call(stageStart, "main", 0, 0)
		} else {
			_, err = call(stageStart, "__main_void")
		}
	} else {
		_, err = call(stageStart, "_start")
	}
	if err != nil {
		return err
	}
	// Envoy shows the plugin its configuration while it creates the root
	// context and while it configures it, not in proxy_on_vm_start.
	h.configVisible = true
	if _, err := call(stageCreate, "proxy_on_context_create", rootContextID, 0); err != nil {
		return err
	}
	h.configVisible = false
	res, err := call(stageVMStart, "proxy_on_vm_start", rootContextID, 0)
	if err != nil {
		return err
	}
	if res != nil && uint32(res[0]) == 0 {
		return h.refused(stageVMStart, "the plugin refused to start (proxy_on_vm_start answered false)")
	}
	h.configVisible = true
	res, err = call(stageConfigure, "proxy_on_configure", rootContextID, uint64(len(config)))
	if err != nil {
		return err
	}
	if res != nil && uint32(res[0]) == 0 {
		return h.refused(stageConfigure, "the plugin refused this configuration")
	}
	return nil
}

// instantiate makes an instance of m whose host calls go to h (ctx must
// carry h) and runs none of its functions.
func (m *compiled) instantiate(ctx context.Context, h *hostCall) (api.Module, error) {
	mc := wazero.NewModuleConfig().WithName("").WithStartFunctions().
		WithStdout(&h.stdout).WithStderr(&h.stderr).
		WithSysWalltime().WithSysNanotime().WithRandSource(rand.Reader)
	mod, err := m.rt.InstantiateModule(ctx, m.cm, mc)
	if err != nil {
		return nil, err
	}
	h.malloc = mod.ExportedFunction(m.malloc)
	return mod, nil
}

// refused answers the ConfigError of a callback that answered false,
// with the plugin's reasons.
func (h *hostCall) refused(s stage, what string) error {
	if why := h.reasons(); why != "" {
		return &ConfigError{Field: s.field, Reason: what + ": " + why}
	}
	return &ConfigError{Field: s.field, Reason: what + " and logged no reason"}
}

// failed answers the error of a call that did not return: the caller's
// cancellation as is, else a ConfigError saying what happened during s.
func (h *hostCall) failed(parent, ctx context.Context, s stage, err error) error {
	if parent.Err() != nil {
		return fmt.Errorf("check pluginConfig: %w", parent.Err())
	}
	var what string
	var exit *sys.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		what = fmt.Sprintf("the plugin did not finish %s within %v", s.name, h.timeout)
	case errors.As(err, &exit) && exit.ExitCode() == 0 && s == stageStart:
		what = "the module exited while starting: it is a WASI command, not a reactor (build it with -buildmode=c-shared)"
	case errors.As(err, &exit):
		what = fmt.Sprintf("the plugin exited with code %d during %s", exit.ExitCode(), s.name)
	case s == stageInstantiate:
		what = "the module cannot be instantiated: " + firstLine(err.Error())
	default:
		what = fmt.Sprintf("the plugin crashed during %s: %s", s.name, firstLine(err.Error()))
	}
	if why := h.reasons(); why != "" {
		what += ": " + why
	} else if out := h.output(); out != "" {
		what += ": " + out
	}
	return &ConfigError{Field: s.field, Reason: what}
}

// firstLine answers s up to its first line break: a wazero trap's text
// goes on with a stack trace.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// has reports whether the module exports the function name.
func (m *compiled) has(name string) bool {
	_, ok := m.exports[name]
	return ok
}

// callbackTypes are the signatures Envoy requires of the callbacks and
// start functions the check calls; proxy-wasm-cpp-host refuses a module
// whose export has another.
var callbackTypes = map[string][2][]api.ValueType{
	"_initialize":              {nil, nil},
	"_start":                   {nil, nil},
	"__main_void":              {nil, {valI32}},
	"main":                     {{valI32, valI32}, {valI32}},
	"malloc":                   {{valI32}, {valI32}},
	"proxy_on_memory_allocate": {{valI32}, {valI32}},
	"proxy_on_context_create":  {{valI32, valI32}, nil},
	"proxy_on_vm_start":        {{valI32, valI32}, {valI32}},
	"proxy_on_configure":       {{valI32, valI32}, {valI32}},
}

const (
	valI32 = api.ValueTypeI32
	valI64 = api.ValueTypeI64
)

// checkExports answers what makes a compiled module unfit for Envoy
// before it runs: no proxy-wasm exports, no allocator, a callback of the
// wrong signature. It answers the name of the allocator.
func checkExports(cm wazero.CompiledModule) (string, error) {
	exports := cm.ExportedFunctions()
	var abi, callbacks bool
	for n := range exports {
		abi = abi || strings.HasPrefix(n, "proxy_abi_version_")
		callbacks = callbacks || strings.HasPrefix(n, "proxy_on_")
	}
	switch {
	case !abi:
		return "", errors.New("the module is not a proxy-wasm plugin: it exports no proxy_abi_version_* function")
	case !callbacks:
		return "", errors.New("the module is not a proxy-wasm plugin: it exports no proxy_on_* function")
	}
	for name, want := range callbackTypes {
		f, ok := exports[name]
		if ok && (!slices.Equal(f.ParamTypes(), want[0]) || !slices.Equal(f.ResultTypes(), want[1])) {
			return "", fmt.Errorf("the module's export %s has signature %s, Envoy requires %s", name,
				signature(f.ParamTypes(), f.ResultTypes()), signature(want[0], want[1]))
		}
	}
	// proxy-wasm-cpp-host allocates the buffers it hands a plugin with
	// malloc, else proxy_on_memory_allocate, and refuses a module with
	// neither.
	for _, name := range []string{"malloc", "proxy_on_memory_allocate"} {
		if _, ok := exports[name]; ok {
			return name, nil
		}
	}
	return "", errors.New("the module is not a proxy-wasm plugin: it exports neither malloc nor proxy_on_memory_allocate, which Envoy needs to hand it its configuration")
}

func signature(params, results []api.ValueType) string {
	names := func(ts []api.ValueType) string {
		s := make([]string, len(ts))
		for i, t := range ts {
			s[i] = api.ValueTypeName(t)
		}
		return "(" + strings.Join(s, ", ") + ")"
	}
	return names(params) + " -> " + names(results)
}
