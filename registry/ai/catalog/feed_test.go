package catalog

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A listener hears of a server's creation, each new version and its
// deletion, each by the server's key, once the write has returned.
func TestMCPFeed(t *testing.T) {
	ctx := context.Background()
	m := newMCP(t)
	l := m.Listen()
	defer l.Close()
	want := Key{Namespace: "public", Name: "weather"}
	heard := func(what string) {
		t.Helper()
		select {
		case <-l.Wake():
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: nothing published", what)
		}
		if keys := l.Drain(); !slices.Equal(keys, []Key{want}) {
			t.Fatalf("%s: published %v, want %v", what, keys, want)
		}
	}
	if _, err := m.Create(ctx, mcpInput(t, "", sseDirect, tools, directEP)); err != nil {
		t.Fatal(err)
	}
	heard("create")
	v2 := `{"name":"weather","protocol":"mcp-streamable","versionDetail":{"version":"1.1.0"},"remoteServerConfig":{"exportPath":"/mcp"}}`
	if err := m.Update(ctx, mcpInput(t, "", v2, "", refEP), true); err != nil {
		t.Fatal(err)
	}
	heard("update")
	if err := m.Delete(ctx, "", "", "weather", ""); err != nil {
		t.Fatal(err)
	}
	heard("delete")
}
