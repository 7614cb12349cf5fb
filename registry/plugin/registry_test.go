package plugin

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/plugin/plugintest"
	"github.com/causeway-dev/causeway/registry/store/enginetest"
)

var ctx = context.Background()

func TestCreateFetchesVerifiesAndStores(t *testing.T) {
	f := newFixture(t)
	module := noop(t)
	url := f.srv.serve("/noop.wasm", module)
	sub := f.reg.Listen()
	defer sub.Close()

	p, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "noop", URL: url, Phase: "AUTHN", Priority: i64(10),
		Config: []byte(`{ "a" : [1, 2] }`)})
	if err != nil {
		t.Fatal(err)
	}
	if p.SHA256 != SHA256(module) || p.ID == "" || p.Gateway != gwKey || p.Phase != PhaseAuthN || p.Priority != 10 ||
		string(p.Config) != `{"a":[1,2]}` || p.FailStrategy != FailClose || p.ImagePullPolicy != PullUnspecified {
		t.Fatalf("created %+v", p)
	}
	b, err := f.reg.Module(p.SHA256)
	if err != nil || !bytes.Equal(b, module) {
		t.Fatalf("Module: %v (%d bytes, want %d)", err, len(b), len(module))
	}
	select {
	case <-sub.Wake():
		if ks := sub.Drain(); len(ks) != 1 || ks[0] != gwKey {
			t.Fatalf("feed: %v", ks)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change on the feed")
	}
	q, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "second", URL: url, SHA256: SHA256(module)})
	if err != nil {
		t.Fatal(err)
	}
	if ps := f.reg.Plugins(gwKey); len(ps) != 2 || ps[0].ID != p.ID || ps[1].ID != q.ID {
		t.Fatalf("Plugins not in creation order: %v", ps)
	}
	if err := f.reg.DeletePlugin(ctx, gwKey, p.ID); err != nil {
		t.Fatal(err)
	}
	// The name is free again; the module stays for the other plugin.
	if _, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "noop", URL: url}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reg.Module(q.SHA256); err != nil {
		t.Fatal(err)
	}
}

func TestCreateRefusalsStoreNothing(t *testing.T) {
	f := newFixture(t)
	module := noop(t)
	good := f.srv.serve("/noop.wasm", module)
	if _, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "taken", URL: good}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		k      gateway.Key
		in     Input
		kind   registry.Kind
		detail string
	}{
		{"wrong sha256", gwKey, Input{Name: "p", URL: good, SHA256: SHA256([]byte("other"))}, registry.KindInvalid, "sha256: the module fetched from the url has sha256 " + SHA256(module)},
		{"not wasm", gwKey, Input{Name: "p", URL: f.srv.serve("/text.wasm", []byte("hello, world"))}, registry.KindInvalid, "not WebAssembly"},
		{"wasm version 2", gwKey, Input{Name: "p", URL: f.srv.serve("/v2.wasm", []byte{0, 'a', 's', 'm', 2, 0, 0, 0})}, registry.KindInvalid, "version"},
		{"broken wasm", gwKey, Input{Name: "p", URL: f.srv.serve("/broken.wasm", append(plugintest.Empty(), 0x01, 0x05))}, registry.KindInvalid, "not valid WebAssembly"},
		{"empty wasm", gwKey, Input{Name: "p", URL: f.srv.serve("/empty.wasm", plugintest.Empty())}, registry.KindInvalid, "no proxy_abi_version_"},
		{"abi without callbacks", gwKey, Input{Name: "p", URL: f.srv.serve("/abi.wasm", plugintest.Exporting("proxy_abi_version_0_2_1", "_start"))}, registry.KindInvalid, "no proxy_on_"},
		{"callbacks without abi", gwKey, Input{Name: "p", URL: f.srv.serve("/cb.wasm", plugintest.Exporting("proxy_on_memory_allocate"))}, registry.KindInvalid, "no proxy_abi_version_"},
		{"404", gwKey, Input{Name: "p", URL: f.srv.URL + "/absent.wasm"}, registry.KindInvalid, "url: " + FetchFailedMsg},
		{"unreachable", gwKey, Input{Name: "p", URL: "http://127.0.0.1:1/x.wasm"}, registry.KindInvalid, "url: " + FetchFailedMsg},
		{"unknown upload", gwKey, Input{Name: "p", URL: "causeway://" + SHA256([]byte("nope"))}, registry.KindInvalid, "was uploaded"},
		{"duplicate name", gwKey, Input{Name: "taken", URL: good}, registry.KindConflict, `"taken" is already the name`},
		{"unknown gateway", gateway.Key{Project: "default", ID: "ghost"}, Input{Name: "p", URL: good}, registry.KindNotFound, "gateway ghost does not exist"},
		{"id given", gwKey, Input{ID: "x", Name: "p", URL: good}, registry.KindInvalid, "id: is assigned by the server"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := enginetest.State(t, f.st)
			_, err := f.reg.CreatePlugin(ctx, c.k, c.in)
			wantKind(t, err, c.kind, c.detail)
			if enginetest.State(t, f.st) != before {
				t.Fatal("a refused create wrote to the store")
			}
		})
	}
	if n := len(f.reg.Plugins(gwKey)); n != 1 {
		t.Fatalf("%d plugins", n)
	}
}

func TestPullPolicies(t *testing.T) {
	f := newFixture(t)
	module := noop(t)
	url := f.srv.serve("/noop.wasm", module)
	sum := SHA256(module)
	p, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: url})
	if err != nil {
		t.Fatal(err)
	}
	hits := f.srv.hits.Load()
	// IfNotPresent and UNSPECIFIED reuse the stored module: no network.
	for _, in := range []Input{
		{Name: "a", URL: url, SHA256: sum, ImagePullPolicy: "IfNotPresent"},
		{Name: "b", URL: f.srv.URL + "/gone.wasm", SHA256: sum},
	} {
		if _, err := f.reg.CreatePlugin(ctx, gwKey, in); err != nil {
			t.Fatal(err)
		}
	}
	// An update of the same url without sha256 keeps the module it runs.
	if _, err := f.reg.UpdatePlugin(ctx, gwKey, p.ID, Input{Name: "p", URL: url, Priority: i64(3)}); err != nil {
		t.Fatal(err)
	}
	if got := f.srv.hits.Load(); got != hits {
		t.Fatalf("%d fetches, want none", got-hits)
	}
	// Always fetches again.
	up, err := f.reg.UpdatePlugin(ctx, gwKey, p.ID, Input{Name: "p", URL: url, SHA256: sum, ImagePullPolicy: "Always"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.srv.hits.Load(); got != hits+1 || up.ImagePullPolicy != PullAlways {
		t.Fatalf("%d fetches, want 1", got-hits)
	}
}

func TestUpdateKeepsTheLastGoodModule(t *testing.T) {
	f := newFixture(t)
	module := noop(t)
	url := f.srv.serve("/noop.wasm", module)
	p, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: url})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []Input{
		{Name: "p", URL: f.srv.serve("/bad.wasm", []byte("not wasm at all")), ImagePullPolicy: "Always"},
		{Name: "p", URL: f.srv.URL + "/absent.wasm"},
		{Name: "p", URL: url, SHA256: SHA256([]byte("x")), ImagePullPolicy: "Always"},
		{Name: "p", URL: f.srv.serve("/empty.wasm", plugintest.Empty())},
	} {
		before := enginetest.State(t, f.st)
		_, err := f.reg.UpdatePlugin(ctx, gwKey, p.ID, in)
		wantKind(t, err, registry.KindInvalid, "")
		if enginetest.State(t, f.st) != before {
			t.Fatalf("a refused update wrote to the store: %v", err)
		}
		got, err := f.reg.GetPlugin(gwKey, p.ID)
		if err != nil || got != p {
			t.Fatalf("the plugin changed: %+v %v", got, err)
		}
	}
	// A good module replaces it.
	other := plugintest.Noop(t)
	url2 := f.srv.serve("/v2/noop.wasm", other)
	got, err := f.reg.UpdatePlugin(ctx, gwKey, p.ID, Input{ID: p.ID, Name: "renamed", URL: url2, Phase: "STATS"})
	if err != nil || got.Name != "renamed" || got.URL != url2 || got.Created != p.Created {
		t.Fatalf("update: %+v %v", got, err)
	}
	if _, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "p", URL: url}); err != nil {
		t.Fatalf("the old name is not free: %v", err)
	}
	_, err = f.reg.UpdatePlugin(ctx, gwKey, "absent", Input{Name: "q", URL: url})
	wantKind(t, err, registry.KindNotFound, "plugin absent does not exist")
	_, err = f.reg.UpdatePlugin(ctx, gwKey, p.ID, Input{Name: "p", URL: url})
	wantKind(t, err, registry.KindConflict, "already the name")
	wantKind(t, f.reg.DeletePlugin(ctx, gwKey, "absent"), registry.KindNotFound, "does not exist")
}

func TestUploadedModules(t *testing.T) {
	f := newFixture(t)
	module := noop(t)
	sum, err := f.reg.AddModule(ctx, module)
	if err != nil || sum != SHA256(module) {
		t.Fatalf("AddModule: %s %v", sum, err)
	}
	before := enginetest.State(t, f.st)
	if again, err := f.reg.AddModule(ctx, module); err != nil || again != sum || enginetest.State(t, f.st) != before {
		t.Fatalf("AddModule again: %s %v, or it wrote", again, err)
	}
	p, err := f.reg.CreatePlugin(ctx, gwKey, Input{Name: "up", URL: "causeway://" + sum})
	if err != nil || p.SHA256 != sum {
		t.Fatalf("create: %+v %v", p, err)
	}
	_, err = f.reg.AddModule(ctx, plugintest.Empty())
	wantKind(t, err, registry.KindInvalid, "module: the module is not a proxy-wasm plugin")
	_, err = f.reg.Module(SHA256([]byte("absent")))
	wantKind(t, err, registry.KindNotFound, "no module")
	_, err = f.reg.Module("../etc")
	wantKind(t, err, registry.KindNotFound, "no module")
	// The registry reloads what it stored.
	again, err := New(ctx, f.st, f.gw, Options{Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if ps := again.Plugins(gwKey); len(ps) != 1 || ps[0].SHA256 != sum || ps[0].Name != "up" {
		t.Fatalf("reloaded %v", ps)
	}
}
