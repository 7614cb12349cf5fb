package plugin

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/causeway-dev/causeway/registry/gateway"
	"github.com/causeway-dev/causeway/registry/store"
	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

type node struct {
	gws     *gateway.Registry
	plugins *Registry
}

// twoNodes builds two nodes' gateway and plugin registries over one store.
func twoNodes(t *testing.T) (a, b node, st store.Store) {
	t.Helper()
	st = twonodes.Store(t)
	for _, n := range []*node{&a, &b} {
		gws, err := gateway.New(context.Background(), st, gateway.Options{Logger: twonodes.Quiet()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(gws.Close)
		reg, err := New(context.Background(), st, gws, Options{Logger: twonodes.Quiet(),
			Fetcher: NewFetcher(FetcherOptions{Allow: loopback(t)})})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(reg.Close)
		gws.AddDependent(reg)
		*n = node{gws, reg}
	}
	return a, b, st
}

func putGateway(t *testing.T, n node, id string) gateway.Key {
	t.Helper()
	k := gateway.Key{Project: "default", ID: id}
	if _, err := n.gws.PutGateway(ctx, gateway.Gateway{ID: k.ID, Project: k.Project,
		Listeners: []gateway.Listener{{Name: "http", Port: 8080}}}); err != nil {
		t.Fatal(err)
	}
	return k
}

// A plugin created on A shows on B (API, module, xDS feed) and goes on B
// when A deletes its gateway.
func TestTwoNodesPluginsFollowTheOtherNode(t *testing.T) {
	a, b, _ := twoNodes(t)
	srv := newModuleServer(t)
	module := noop(t)
	url := srv.serve("/noop.wasm", module)
	k := putGateway(t, a, "gw1")
	l := b.plugins.Listen()
	defer l.Close()
	twonodes.Eventually(t, "B sees the gateway", func() bool { _, err := b.gws.GetGateway(k); return err == nil })
	p, err := a.plugins.CreatePlugin(ctx, k, Input{Name: "noop", URL: url})
	if err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B serves A's plugin", func() bool {
		got, err := b.plugins.GetPlugin(k, p.ID)
		return err == nil && got.SHA256 == p.SHA256 && len(b.plugins.Plugins(k)) == 1
	})
	<-l.Wake()
	if m, err := b.plugins.Module(p.SHA256); err != nil || len(m) != len(module) {
		t.Fatalf("B serves A's module: %d bytes, %v", len(m), err)
	}
	if err := a.gws.DeleteGateway(ctx, k); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B drops the plugin", func() bool { return len(b.plugins.Plugins(k)) == 0 })
}

// A plugin created on B while A deletes the gateway does not outlive it.
func TestTwoNodesNoPluginOutlivesItsGateway(t *testing.T) {
	a, b, st := twoNodes(t)
	srv := newModuleServer(t)
	module := noop(t)
	url := srv.serve("/noop.wasm", module)
	for i := range 40 {
		k := putGateway(t, a, fmt.Sprintf("gw%d", i))
		twonodes.Eventually(t, "B sees the gateway", func() bool { _, err := b.gws.GetGateway(k); return err == nil })
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _ = a.gws.DeleteGateway(context.Background(), k) }()
		go func() {
			defer wg.Done()
			_, _ = b.plugins.CreatePlugin(context.Background(), k, Input{Name: "noop", URL: url, SHA256: SHA256(module)})
		}()
		wg.Wait()
		kvs, _, err := st.List(ctx, recordPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if len(kvs) > 0 {
			t.Fatalf("round %d: %d plugin records outlive their deleted gateway", i, len(kvs))
		}
	}
}
