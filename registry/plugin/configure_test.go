package plugin

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

// wantConfig checks the answer of a configuration check: accepted when
// want is "", else a ConfigError of field whose reason holds want.
func wantConfig(t *testing.T, err error, field, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v (%T), want a ConfigError holding %q", err, err, want)
	}
	if ce.Field != field || !strings.Contains(ce.Reason, want) {
		t.Fatalf("ConfigError{%s: %s}, want field %s holding %q", ce.Field, ce.Reason, field, want)
	}
}

// The shipped plugins take their valid configurations and refuse the
// invalid ones with their own message, as they would in Envoy.
func TestCheckConfigShippedPlugins(t *testing.T) {
	refused := func(plugin, why string) string {
		return "the plugin refused this configuration: " + plugin + ": invalid pluginConfig, refusing to start: " + why
	}
	cases := []struct {
		plugin, config, want string
	}{
		{"key-auth", `{"keys":["k1"]}`, ""},
		{"key-auth", `{"keys":["k1","k2"],"header":"x-key","query":"apikey"}`, ""},
		{"key-auth", `{"keys":["k1"],"_rules_":[{"_match_route_":["orders"],"keys":["k2"]}]}`, ""},
		{"key-auth", `{"_rules_":[{"_match_domain_":["*.example.com"],"keys":["k2"]}]}`, ""},
		{"key-auth", `{}`, refused("key-auth", "keys: at least one key is required")},
		{"key-auth", `{"keys":5}`, refused("key-auth", "keys: must be an array of strings")},
		{"key-auth", `{"keys":[""]}`, refused("key-auth", "keys[0]: must not be empty")},
		{"key-auth", `{"keys":["k"],"Keys":["k"]}`, refused("key-auth", `unknown field "Keys"`)},
		{"key-auth", `{"keys":["k"],"header":"bad header"}`, refused("key-auth", "header: ")},
		{"key-auth", `{"keys":["k"],"_rules_":[{"keys":["k2"]}]}`, refused("key-auth", "_rules_[0]")},
		{"header-rewrite", `{}`, ""},
		{"header-rewrite", `{"request":{"set":{"x-a":"1"},"add":{"x-b":"2"},"remove":["x-c"]},"response":{"remove":["server"]}}`, ""},
		{"header-rewrite", `{"request":{"set":{"x-a":1}}}`, refused("header-rewrite", "request.set.x-a: must be a string")},
		{"header-rewrite", `{"request":{"sett":{}}}`, refused("header-rewrite", `request: unknown field "sett"`)},
		{"header-rewrite", `{"request":{"set":{"bad header":"v"}}}`, refused("header-rewrite", "request.set: ")},
		{"ip-restriction", `{"allow":["10.0.0.0/8","::1"]}`, ""},
		{"ip-restriction", `{"deny":["127.0.0.1"],"ipSource":"header","header":"x-real-ip"}`, ""},
		{"ip-restriction", `{}`, refused("ip-restriction", "at least one of allow and deny is required")},
		{"ip-restriction", `{"allow":["not-an-ip"]}`, refused("ip-restriction", `allow[0]: "not-an-ip": not an IP address or CIDR`)},
		{"ip-restriction", `{"deny":["1.2.3.4"],"ipSource":"x"}`, refused("ip-restriction", `ipSource: "x": must be "peer" or "header"`)},
		{"gray-tag", `{"rules":[{"header":"x-user","values":["alice"],"tag":"gray"}]}`, ""},
		{"gray-tag", `{"rules":[{"weight":10,"tag":"gray"}]}`, ""},
		{"gray-tag", `{}`, refused("gray-tag", "rules: at least one rule is required")},
		{"gray-tag", `{"rules":[{"weight":101,"tag":"g"}]}`, refused("gray-tag", "rules[0]: weight: 101: must be a percentage, 0 to 100")},
		{"gray-tag", `{"rules":[{"tag":"g"}]}`, refused("gray-tag", "rules[0]: must have exactly one of header, cookie and weight")},
	}
	for _, c := range cases {
		t.Run(c.plugin+" "+c.config, func(t *testing.T) {
			err := CheckConfig(ctx, plugintest.Shipped(t, c.plugin), []byte(c.config))
			wantConfig(t, err, "pluginConfig", c.want)
		})
	}
}

// Small modules show what the host does with each outcome of a start.
func TestCheckConfigOutcomes(t *testing.T) {
	c := newConfigChecker(engineCompiler, defaultCachedModules)
	big := `{"k":"` + strings.Repeat("x", MaxConfigLen-10) + `"}`
	cases := []struct {
		name   string
		b      plugintest.Behaviour
		config string
		field  string
		want   string
	}{
		{"accepts", plugintest.Accept, `{}`, "", ""},
		{"refuses with its log", plugintest.Refuse, `{}`, "pluginConfig", "the plugin refused this configuration: " + plugintest.RefusalLog},
		{"refuses silently", plugintest.RefuseSilently, `{}`, "pluginConfig", "the plugin refused this configuration and logged no reason"},
		{"reads the exact bytes", plugintest.Echo, `{"a": [1, "é"]}`, "pluginConfig", `refused this configuration: {"a": [1, "é"]}`},
		{"reads a large configuration", plugintest.Echo, big, "pluginConfig", `refused this configuration: {"k":"xxx`},
		{"reads an empty configuration", plugintest.Echo, ``, "pluginConfig", "logged no reason"},
		{"traps", plugintest.Trap, `{}`, "pluginConfig", "the plugin crashed during proxy_on_configure: wasm error: unreachable"},
		{"loops", plugintest.Loop, `{}`, "pluginConfig", "the plugin did not finish proxy_on_configure within 1s"},
		{"blows its memory", plugintest.Grow, `{}`, "pluginConfig", "the plugin crashed during proxy_on_configure: wasm error: unreachable"},
		{"calls an unknown import", plugintest.CallUnknown, `{}`, "", ""},
		{"refuses to start its VM", plugintest.RefuseVM, `{}`, "url", "the plugin refused to start (proxy_on_vm_start answered false)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Growing to the limit, 128 MiB, takes 0.3 s, 1 s under -race.
			c.timeout = time.Second
			if tc.b == plugintest.Grow {
				c.timeout = ConfigureTimeout
			}
			mod := plugintest.Configurable(tc.b)
			start := time.Now()
			err := c.check(ctx, SHA256(mod), func() ([]byte, error) { return mod, nil }, []byte(tc.config))
			wantConfig(t, err, tc.field, tc.want)
			if took := time.Since(start); took > c.timeout+time.Second {
				t.Fatalf("the check took %v", took)
			}
		})
	}
}

// Every check starts a fresh instance: a refusal leaves nothing behind
// for the next check of the same module.
func TestCheckConfigShippedStillRunAfterRefusals(t *testing.T) {
	mod := plugintest.Shipped(t, "key-auth")
	for range 3 {
		wantConfig(t, CheckConfig(ctx, mod, []byte(`{"keys":5}`)), "pluginConfig", "keys: must be an array of strings")
		wantConfig(t, CheckConfig(ctx, mod, []byte(`{"keys":["k"]}`)), "", "")
	}
}

// The caller's cancellation is not the plugin's fault: it is no
// ConfigError.
func TestCheckConfigCancelled(t *testing.T) {
	c := newConfigChecker(engineCompiler, defaultCachedModules)
	mod := plugintest.Configurable(plugintest.Loop)
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err := c.check(cctx, SHA256(mod), func() ([]byte, error) { return mod, nil }, []byte(`{}`))
	var ce *ConfigError
	if errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
}

// Modules Envoy would not load are refused before they run, naming the
// url.
func TestCheckConfigModuleFaults(t *testing.T) {
	cases := []struct {
		name string
		mod  []byte
		want string
	}{
		{"no allocator", plugintest.Exporting("proxy_abi_version_0_2_0", "proxy_on_tick"), "exports neither malloc nor proxy_on_memory_allocate"},
		{"bad callback signature", plugintest.Exporting("proxy_abi_version_0_2_0", "proxy_on_configure"), "proxy_on_configure has signature () -> (), Envoy requires (i32, i32) -> (i32)"},
		{"not wasm", []byte("\x00asm\x01\x00\x00\x00garbage"), "the module is not valid WebAssembly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantConfig(t, CheckConfig(ctx, c.mod, []byte(`{}`)), "url", c.want)
			if err := Verify(ctx, c.mod); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

// Concurrent checks of one module compile it once and share it; evicted
// modules in use stay usable.
func TestCheckConfigCacheConcurrent(t *testing.T) {
	c := newConfigChecker(engineCompiler, 2)
	mods := [][]byte{plugintest.Configurable(plugintest.Accept), plugintest.Configurable(plugintest.Refuse),
		plugintest.Configurable(plugintest.CallUnknown)}
	loads := make([]int, len(mods))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := i % len(mods)
			err := c.check(ctx, SHA256(mods[n]), func() ([]byte, error) {
				mu.Lock()
				loads[n]++
				mu.Unlock()
				return mods[n], nil
			}, []byte(`{}`))
			if (err == nil) != (n != 1) {
				t.Errorf("module %d: %v", n, err)
			}
		}()
	}
	wg.Wait()
	if c.cache.lru.Len() > 2 || len(c.cache.byID) > 2 {
		t.Fatalf("the cache holds %d modules, more than 2", c.cache.lru.Len())
	}
	for n, l := range loads {
		if l < 1 {
			t.Fatalf("module %d was never loaded", n)
		}
	}
	// Sequential use of the same module compiles it once.
	c = newConfigChecker(engineCompiler, 2)
	count := 0
	for range 5 {
		_ = c.check(ctx, SHA256(mods[0]), func() ([]byte, error) { count++; return mods[0], nil }, []byte(`{}`))
	}
	if count != 1 {
		t.Fatalf("loaded %d times", count)
	}
}

// The registry refuses a plugin whose configuration its module refuses,
// on every path to the module, and stores nothing.
func TestRegistryRefusesRefusedConfig(t *testing.T) {
	f := newFixture(t)
	mod := plugintest.Shipped(t, "key-auth")
	url := f.srv.serve("/key-auth.wasm", mod)
	sum := SHA256(mod)
	upload, err := f.reg.AddModule(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	good, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "auth", URL: url, Config: []byte(`{"keys":["k1"]}`)})
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"keys": 5}`)
	const why = "pluginConfig: the plugin refused this configuration: key-auth: invalid pluginConfig, refusing to start: keys: must be an array of strings"
	refuse := func(what string, do func() error) {
		t.Helper()
		before := enginetest.State(t, f.st)
		err := do()
		wantKind(t, err, registry.KindInvalid, why)
		var re *registry.Error
		if !errors.As(err, &re) || re.Field != "pluginConfig" {
			t.Fatalf("%s: %#v, want field pluginConfig", what, err)
		}
		if enginetest.State(t, f.st) != before {
			t.Fatalf("%s: a refused write changed the store", what)
		}
	}
	refuse("create fetching", func() error {
		_, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: url, ImagePullPolicy: "Always", Config: bad})
		return err
	})
	refuse("create with a stored sha256", func() error {
		_, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: url, SHA256: sum, Config: bad})
		return err
	})
	refuse("create from an upload", func() error {
		_, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: "causeway://" + upload, Config: bad})
		return err
	})
	refuse("update keeping the module", func() error {
		_, err := f.reg.UpdatePlugin(ctx, gwKey, good.ID, Input{Name: "auth", URL: url, Config: bad})
		return err
	})
	// A checker that never compiled the module reads it from the store
	// (the interpreter: compiling costs it a tenth, and the engine is not
	// what this tests).
	f.reg.checker = newConfigChecker(engineInterpreter, 1)
	refuse("update with a cold cache", func() error {
		_, err := f.reg.UpdatePlugin(ctx, gwKey, good.ID, Input{Name: "auth", URL: url, SHA256: sum, Config: bad})
		return err
	})
	if got, _ := f.reg.GetPlugin(gwKey, good.ID); string(got.Config) != `{"keys":["k1"]}` {
		t.Fatalf("the plugin changed: %s", got.Config)
	}
	if _, err := f.reg.UpdatePlugin(ctx, gwKey, good.ID, Input{Name: "auth", URL: url, Config: []byte(`{"keys":["k2"]}`)}); err != nil {
		t.Fatal(err)
	}
	// A module fetched for a refused configuration is not stored.
	other := plugintest.Configurable(plugintest.Refuse)
	before := enginetest.State(t, f.st)
	_, err = f.reg.CreatePlugin(ctx, gwKey, Input{Name: "q", URL: f.srv.serve("/refuse.wasm", other)})
	wantKind(t, err, registry.KindInvalid, plugintest.RefusalLog)
	if has, _ := f.reg.HasModule(ctx, SHA256(other)); has || enginetest.State(t, f.st) != before {
		t.Fatal("the module of a refused plugin was stored")
	}
	// The plugin's start failing before its configuration names the url.
	_, err = f.reg.CreatePlugin(ctx, gwKey, Input{Name: "q", URL: f.srv.serve("/vm.wasm", plugintest.Configurable(plugintest.RefuseVM))})
	wantKind(t, err, registry.KindInvalid, "url: the plugin refused to start")
}
