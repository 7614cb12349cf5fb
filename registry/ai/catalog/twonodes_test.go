package catalog

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry/store/twonodes"
)

// Two registries over one store, as two processes on one etcd: each reads
// the other's writes through its own watch.
func TestTwoNodesMCPAndA2A(t *testing.T) {
	ctx := context.Background()
	st := twonodes.Store(t)
	opts := Options{Logger: twonodes.Quiet()}
	var ms [2]*MCP
	var as [2]*A2A
	for i := range 2 {
		m, err := NewMCP(ctx, st, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		a, err := NewA2A(ctx, st, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(a.Close)
		ms[i], as[i] = m, a
	}
	id, err := ms[0].Create(ctx, mcpInput(t, "", sseDirect, tools, directEP))
	if err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B reads the server", func() bool {
		v, err := ms[1].Get("", "", "weather", "")
		return err == nil && v.Server.ID == id
	})
	if err := as[0].Register(ctx, "", card(t, `{"name":"helper","version":"1"}`), ""); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "B reads the agent", func() bool { _, err := as[1].Get("", "helper", ""); return err == nil })
	// B publishes on what A wrote; A reads it.
	if err := as[1].Update(ctx, "", card(t, `{"name":"helper","version":"2"}`), true, ""); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "A reads B's version", func() bool { v, err := as[0].Get("", "helper", ""); return err == nil && v.Card.Version == "2" })
	if err := ms[1].Delete(ctx, "", id, "", ""); err != nil {
		t.Fatal(err)
	}
	twonodes.Eventually(t, "A sees the delete", func() bool { _, err := ms[0].Get("", "", "weather", ""); return err != nil })
}
