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

// An agent's listener hears of its registration, a new latest version and
// its deletion.
func TestA2AFeed(t *testing.T) {
	ctx := context.Background()
	a := newA2A(t)
	l := a.Listen()
	defer l.Close()
	want := Key{Namespace: "public", Name: "planner"}
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
	if err := a.Register(ctx, "", card(t, `{"name":"planner","version":"1","url":"http://h:1/"}`), ""); err != nil {
		t.Fatal(err)
	}
	heard("register")
	if err := a.Update(ctx, "", card(t, `{"name":"planner","version":"2","url":"http://h:2/"}`), true, ""); err != nil {
		t.Fatal(err)
	}
	heard("update")
	if err := a.Delete(ctx, "", "planner", ""); err != nil {
		t.Fatal(err)
	}
	heard("delete")
}
