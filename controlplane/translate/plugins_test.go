package translate

import (
	"testing"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/causeway-dev/causeway/controlplane/index"
	"github.com/causeway-dev/causeway/registry/gateway"
)

func pluginGateway(plugins ...*index.Plugin) *index.Snapshot {
	gw := &index.Gateway{Gateway: &gateway.Gateway{ID: "gw", Project: "default",
		Listeners: []gateway.Listener{{Name: "a", Port: 80, Protocol: "HTTP"}, {Name: "b", Port: 81, Protocol: "HTTP"}}},
		Plugins: plugins}
	return index.NewSnapshot().WithGateways(gw)
}

func translatePlugins(t *testing.T, plugins ...*index.Plugin) *Resources {
	t.Helper()
	res, err := Gateway(pluginGateway(plugins...), Node{Role: RoleGateway, GatewayID: "gw", Namespace: "public", HTTPAddress: "127.0.0.1:8848"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// chainFilters reads the filters of a plugin chain config: the Wasm
// filter names in order, and each one's vm_id.
func chainFilters(t *testing.T, x *corev3.TypedExtensionConfig) (names, vms []string) {
	t.Helper()
	if got := x.GetTypedConfig().GetTypeUrl(); got != filterChainTypeURL {
		t.Fatalf("chain %s has type %s", x.GetName(), got)
	}
	b := x.GetTypedConfig().GetValue()
	if len(b) == 0 {
		return nil, nil
	}
	num, typ, n := protowire.ConsumeTag(b)
	chain, m := protowire.ConsumeBytes(b[n:])
	if num != 1 || typ != protowire.BytesType || m != len(b)-n {
		t.Fatalf("chain %s: not one default_filter_chain field", x.GetName())
	}
	for len(chain) > 0 {
		num, typ, n := protowire.ConsumeTag(chain)
		f, m := protowire.ConsumeBytes(chain[n:])
		if num != 1 || typ != protowire.BytesType || m < 0 {
			t.Fatalf("chain %s: bad filters field", x.GetName())
		}
		chain = chain[n+m:]
		var tc corev3.TypedExtensionConfig
		var w wasmfilterv3.Wasm
		if err := proto.Unmarshal(f, &tc); err != nil {
			t.Fatal(err)
		}
		if err := tc.GetTypedConfig().UnmarshalTo(&w); err != nil {
			t.Fatal(err)
		}
		names, vms = append(names, tc.GetName()), append(vms, w.GetConfig().GetVmConfig().GetVmId())
	}
	return names, vms
}

// Every listener of a gateway carries the one plugin chain filter, with or
// without plugins, so that adding the first plugin (or any other) changes
// the chain's ECDS resource and no listener: a listener change would leave
// keep-alive connections accepted before it on the old filter chain, the
// new plugin unseen, while it drains.
func TestPluginsNeverChangeListeners(t *testing.T) {
	none := translatePlugins(t)
	auth := &index.Plugin{Name: "auth", Phase: PhaseAuthn, SHA256: "aa", Module: []byte("\x00asm-a"), Config: []byte(`{"keys":["k"]}`)}
	rewrite := &index.Plugin{Name: "rw", Phase: PhaseUnspecified, SHA256: "bb", Module: []byte("\x00asm-b"), Config: []byte(`{}`), Created: 1}
	two := translatePlugins(t, rewrite, auth)
	if len(none.Listeners) != 2 || len(two.Listeners) != 2 {
		t.Fatalf("listeners: %d and %d", len(none.Listeners), len(two.Listeners))
	}
	for i := range none.Listeners {
		if !proto.Equal(none.Listeners[i], two.Listeners[i]) {
			t.Fatalf("plugins changed listener %s:\n%v\n%v", none.Listeners[i].Name, none.Listeners[i], two.Listeners[i])
		}
		if got := ecdsNames(none.Listeners[i : i+1]); len(got) != 1 || got[0] != "plugins|gw" {
			t.Fatalf("listener %s discovers %v", none.Listeners[i].Name, got)
		}
	}
	if len(none.Extensions) != 1 || len(two.Extensions) != 1 {
		t.Fatalf("extensions: %d and %d", len(none.Extensions), len(two.Extensions))
	}
	if names, _ := chainFilters(t, none.Extensions[0]); len(names) != 0 {
		t.Fatalf("a gateway without plugins runs %v", names)
	}
	names, _ := chainFilters(t, two.Extensions[0])
	if len(names) != 2 || names[0] != "plugin|gw|auth" || names[1] != "plugin|gw|rw" {
		t.Fatalf("chain order %v, want AUTHN first", names)
	}
	// Every module is inline: nothing is fetched, no fetch cluster.
	for _, c := range two.Clusters {
		if c.GetName() == wasmCluster {
			t.Fatal("a fetch cluster for inline modules")
		}
	}
	if err := two.Validate(); err != nil {
		t.Fatal(err)
	}
}

// The chain is built once per content: translating the gateway again (a
// route change) hands out the same config, which the xDS scope then knows
// unchanged without marshalling its megabytes again; a plugin change
// builds a new one.
func TestPluginChainIsBuiltOncePerContent(t *testing.T) {
	p := &index.Plugin{Name: "p", SHA256: "ab", Module: make([]byte, 1<<20), Config: []byte(`{"a":1}`)}
	first := translatePlugins(t, p).Extensions[0]
	again := translatePlugins(t, &index.Plugin{Name: "p", SHA256: "ab", Module: p.Module, Config: []byte(`{"a":1}`)}).Extensions[0]
	if again != first {
		t.Fatal("the same chain was built again")
	}
	changed := translatePlugins(t, &index.Plugin{Name: "p", SHA256: "ab", Module: p.Module, Config: []byte(`{"a":2}`)}).Extensions[0]
	if changed == first {
		t.Fatal("a changed plugin answered the old chain")
	}
}
