package catalog

import (
	"context"
	"testing"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
)

const (
	sseDirect = `{"name":"weather","protocol":"mcp-sse","description":"d","versionDetail":{"version":"1.0.0"},` +
		`"remoteServerConfig":{"exportPath":"/sse"}}`
	directEP = `{"type":"DIRECT","data":{"address":"10.0.0.1","port":"8080"}}`
	refEP    = `{"type":"REF","data":{"namespaceId":"public","groupName":"DEFAULT_GROUP","serviceName":"weather-svc","transportProtocol":"http"}}`
	tools    = `{"tools":[{"name":"forecast","description":"f","inputSchema":{"type":"object"}}]}`
)

// Create, read, publish versions with an explicit latest, and delete.
func TestMCPLifeCycle(t *testing.T) {
	ctx := context.Background()
	m := newMCP(t)
	id, err := m.Create(ctx, mcpInput(t, "", sseDirect, tools, directEP))
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.Get("public", "", "weather", "")
	if err != nil || v.Server.ID != id || v.Index.Latest != "1.0.0" || len(v.Server.Tools.Tools) != 1 {
		t.Fatalf("get: %+v %v", v, err)
	}
	if byID, err := m.Get("", id, "", ""); err != nil || byID.Server.Name != "weather" {
		t.Fatalf("get by id: %+v %v", byID, err)
	}
	ep, err := m.Endpoint("", "weather", "")
	if err != nil || ep.Type != EndpointDirect || ep.Address != "10.0.0.1" || ep.Port != 8080 || ep.Path != "/sse" || ep.Protocol != ProtocolSSE {
		t.Fatalf("endpoint: %+v %v", ep, err)
	}
	// 1.1.0 published but not latest: the latest stays 1.0.0.
	v2 := `{"name":"weather","protocol":"mcp-streamable","versionDetail":{"version":"1.1.0"},"remoteServerConfig":{"exportPath":"/mcp"}}`
	if err := m.Update(ctx, mcpInput(t, "", v2, "", refEP), false); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Get("", "", "weather", ""); v.Server.Version != "1.0.0" || len(v.Index.Versions) != 2 {
		t.Fatalf("latest moved without isLatest: %+v", v.Index)
	}
	ep, err = m.Endpoint("", "weather", "1.1.0")
	if err != nil || ep.Type != EndpointRef || ep.Service != (ServiceRef{"public", "DEFAULT_GROUP", "weather-svc"}) || ep.Transport != "http" {
		t.Fatalf("ref endpoint: %+v %v", ep, err)
	}
	// The same body again with isLatest only moves the latest.
	if err := m.Update(ctx, mcpInput(t, "", v2, "", refEP), true); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Get("", "", "weather", ""); v.Server.Version != "1.1.0" {
		t.Fatalf("latest is %s, want 1.1.0", v.Server.Version)
	}
	// A published version never changes.
	changed := `{"name":"weather","protocol":"mcp-streamable","description":"other","versionDetail":{"version":"1.1.0"}}`
	wantErr(t, m.Update(ctx, mcpInput(t, "", changed, "", refEP), true), registry.KindConflict, ErrMCPVersionExists)
	// Deleting the latest makes the other one latest.
	if err := m.Delete(ctx, "", "", "weather", "1.1.0"); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Get("", "", "weather", ""); v.Server.Version != "1.0.0" || len(v.Index.Versions) != 1 {
		t.Fatalf("after deleting the latest: %+v", v.Index)
	}
	if err := m.Delete(ctx, "", "", "weather", ""); err != nil {
		t.Fatal(err)
	}
	_, err = m.Get("", "", "weather", "")
	wantErr(t, err, registry.KindNotFound, ErrMCPNotFound)
}

// Every refusal writes nothing.
func TestMCPRefusals(t *testing.T) {
	ctx := context.Background()
	m := newMCP(t)
	if _, err := m.Create(ctx, mcpInput(t, "", sseDirect, "", directEP)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name             string
		server, tool, ep string
		update           bool
		kind             registry.Kind
		reason           error
	}{
		{"exists", sseDirect, "", directEP, false, registry.KindConflict, nil},
		{"no version", `{"name":"x","protocol":"stdio"}`, "", "", false, registry.KindInvalid, nil},
		{"no name", `{"protocol":"stdio","version":"1"}`, "", "", false, registry.KindMissing, nil},
		{"slash in name", `{"name":"a/b","protocol":"stdio","version":"1"}`, "", "", false, registry.KindInvalid, nil},
		{"bad protocol", `{"name":"x","protocol":"ftp","version":"1"}`, "", "", false, registry.KindInvalid, nil},
		{"no protocol", `{"name":"x","version":"1"}`, "", "", false, registry.KindInvalid, nil},
		{"remote without endpoint", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", "", false, registry.KindMissing, nil},
		{"bad endpoint type", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"DNS","data":{}}`, false, registry.KindInvalid, nil},
		{"direct without port", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"DIRECT","data":{"address":"h"}}`, false, registry.KindMissing, nil},
		{"direct bad port", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"DIRECT","data":{"address":"h","port":"99999"}}`, false, registry.KindInvalid, nil},
		{"ref without service", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"REF","data":{"namespaceId":"public","groupName":"G"}}`, false, registry.KindMissing, nil},
		{"ref bad service", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"REF","data":{"namespaceId":"public","groupName":"G","serviceName":"@@x"}}`, false, registry.KindServiceName, nil},
		{"bad transport", `{"name":"x","protocol":"mcp-sse","version":"1"}`, "", `{"type":"DIRECT","data":{"address":"h","port":"1","transportProtocol":"gopher"}}`, false, registry.KindInvalid, nil},
		{"bad id", `{"id":"nope","name":"x","protocol":"stdio","version":"1"}`, "", "", false, registry.KindInvalid, nil},
		{"tool without name", `{"name":"x","protocol":"stdio","version":"1"}`, `{"tools":[{"description":"d"}]}`, "", false, registry.KindInvalid, nil},
		{"tool twice", `{"name":"x","protocol":"stdio","version":"1"}`, `{"tools":[{"name":"a"},{"name":"a"}]}`, "", false, registry.KindInvalid, nil},
		{"update unknown", `{"name":"nobody","protocol":"stdio","version":"1"}`, "", "", true, registry.KindNotFound, ErrMCPNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := mcpInput(t, "", tc.server, tc.tool, tc.ep)
			var err error
			if tc.update {
				err = m.Update(ctx, in, true)
			} else {
				_, err = m.Create(ctx, in)
			}
			wantErr(t, err, tc.kind, tc.reason)
			if p, _ := m.List("", ai.SearchBlur, "", 1, 100); p.TotalCount != 1 {
				t.Fatalf("a refused write left %d servers", p.TotalCount)
			}
		})
	}
	_, err := m.Get("", "", "weather", "9.9")
	wantErr(t, err, registry.KindNotFound, ErrMCPVersionNotFound)
	wantErr(t, m.Delete(ctx, "", "", "weather", "9.9"), registry.KindNotFound, ErrMCPVersionNotFound)
	wantErr(t, m.Delete(ctx, "", "", "", ""), registry.KindMissing, nil)
	_, err = m.Endpoint("bad ns!", "weather", "")
	wantErr(t, err, registry.KindNamespace, nil)
}

// Lists match names exactly or by substring, per namespace, in pages.
func TestMCPList(t *testing.T) {
	ctx := context.Background()
	m := newMCP(t)
	for _, n := range []string{"alpha", "beta", "alphabet"} {
		if _, err := m.Create(ctx, mcpInput(t, "", `{"name":"`+n+`","protocol":"stdio","version":"1"}`, "", "")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Create(ctx, mcpInput(t, "other", `{"name":"alpha","protocol":"stdio","version":"1"}`, "", "")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		search        ai.Search
		pattern       string
		pageNo, size  int
		total, onPage int
	}{
		{ai.SearchAccurate, "alpha", 1, 100, 1, 1},
		{ai.SearchBlur, "alpha", 1, 100, 2, 2},
		{ai.SearchBlur, "*alp*", 1, 100, 2, 2},
		{ai.SearchAccurate, "", 1, 2, 3, 2},
		{ai.SearchAccurate, "", 2, 2, 3, 1},
		{ai.SearchAccurate, "", 3, 2, 3, 0},
		{ai.SearchAccurate, "", 1 << 40, ai.MaxPageSize, 3, 0},
	}
	for _, tc := range cases {
		p, err := m.List("public", tc.search, tc.pattern, tc.pageNo, tc.size)
		if err != nil || p.TotalCount != tc.total || len(p.PageItems) != tc.onPage {
			t.Errorf("%+v: %d total, %d on page, %v", tc, p.TotalCount, len(p.PageItems), err)
		}
	}
	_, err := m.List("", ai.SearchAccurate, "", 0, 10)
	wantErr(t, err, registry.KindInvalid, nil)
	_, err = m.List("", ai.SearchAccurate, "", 1, ai.MaxPageSize+1)
	wantErr(t, err, registry.KindInvalid, nil)
}
