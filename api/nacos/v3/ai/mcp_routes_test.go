package ai

import (
	"net/http"
	"testing"
)

const (
	remoteSpec = `{"name":"weather","protocol":"mcp-sse","description":"d","versionDetail":{"version":"1.0.0"},"remoteServerConfig":{"exportPath":"/sse"}}`
	directEP   = `{"type":"DIRECT","data":{"address":"10.0.0.1","port":"8080","transportProtocol":"http"}}`
	refEP      = `{"type":"REF","data":{"namespaceId":"public","groupName":"DEFAULT_GROUP","serviceName":"w"}}`
	toolSpec   = `{"tools":[{"name":"forecast","inputSchema":{"type":"object"}}],"toolsMeta":{"forecast":{"enabled":true}}}`
)

// The §6 calls as the SDK sends them, each answer checked.
func TestMCPRoutesHappyPath(t *testing.T) {
	f := newCatalogFixture(t)
	var id string
	f.ok(t, "POST", "/mcp", map[string]string{"mcpName": "weather", "serverSpecification": remoteSpec,
		"toolSpecification": toolSpec, "endpointSpecification": directEP}, &id)
	f.ok(t, "POST", "/mcp", map[string]string{"mcpName": "local", "namespaceId": "public",
		"serverSpecification": `{"name":"local","protocol":"stdio","versionDetail":{"version":"1"},"localServerConfig":{"command":"npx"}}`}, nil)
	var d mcpDetail
	f.ok(t, "GET", "/mcp", map[string]string{"mcpName": "weather"}, &d)
	if d.ID != id || d.VersionDetail.Version != "1.0.0" || !d.VersionDetail.IsLatest || d.ToolSpec == nil ||
		len(d.BackendEndpoints) != 1 || d.BackendEndpoints[0] != (endpointInfo{"http", "10.0.0.1", 8080, "/sse"}) ||
		d.NamespaceID != "public" || len(d.Capabilities) != 1 || d.RemoteServerConfig.ExportPath != "/sse" {
		t.Fatalf("detail: %+v", d)
	}
	f.ok(t, "PUT", "/mcp", map[string]string{"mcpName": "weather", "latest": "false",
		"serverSpecification":   `{"name":"weather","protocol":"mcp-streamable","versionDetail":{"version":"2.0.0"}}`,
		"endpointSpecification": refEP}, nil)
	f.ok(t, "GET", "/mcp", map[string]string{"mcpName": "weather", "version": "2.0.0"}, &d)
	if d.VersionDetail.IsLatest || d.RemoteServerConfig.ServiceRef == nil || d.RemoteServerConfig.ServiceRef.ServiceName != "w" ||
		len(d.AllVersions) != 2 || len(d.BackendEndpoints) != 0 {
		t.Fatalf("2.0.0 detail: %+v", d)
	}
	var pg struct {
		TotalCount int           `json:"totalCount"`
		PageItems  []mcpListItem `json:"pageItems"`
	}
	f.ok(t, "GET", "/mcp/list", map[string]string{"search": "blur", "mcpName": "eath", "pageNo": "1", "pageSize": "10"}, &pg)
	if pg.TotalCount != 1 || pg.PageItems[0].LatestPublishedVersion != "1.0.0" || len(pg.PageItems[0].VersionDetails) != 2 {
		t.Fatalf("search: %+v", pg)
	}
	f.ok(t, "GET", "/mcp/list", nil, &pg)
	if pg.TotalCount != 2 {
		t.Fatalf("list: %+v", pg)
	}
	f.ok(t, "DELETE", "/mcp", map[string]string{"mcpId": id, "version": "2.0.0"}, nil)
	f.ok(t, "DELETE", "/mcp", map[string]string{"mcpName": "weather"}, nil)
	if status, res := f.do(t, "GET", "/mcp", map[string]string{"mcpName": "weather"}); status != 404 || res.Code != 50000 {
		t.Fatalf("deleted server: %d %+v", status, res)
	}
}

// Bad input: Nacos's status and code, and nothing written.
func TestMCPRoutesRefuse(t *testing.T) {
	f := newCatalogFixture(t)
	f.ok(t, "POST", "/mcp", map[string]string{"serverSpecification": remoteSpec, "endpointSpecification": directEP}, nil)
	stdio := `{"name":"x","protocol":"stdio","version":"1"}`
	cases := []struct {
		name, method, path string
		params             map[string]string
		status, code       int
	}{
		{"create without spec", "POST", "/mcp", map[string]string{"mcpName": "x"}, 400, 10000},
		{"create bad json", "POST", "/mcp", map[string]string{"serverSpecification": "{"}, 400, 20002},
		{"create bad tools json", "POST", "/mcp", map[string]string{"serverSpecification": stdio, "toolSpecification": "[1"}, 400, 20002},
		{"create exists", "POST", "/mcp", map[string]string{"serverSpecification": remoteSpec, "endpointSpecification": directEP}, 409, 20005},
		{"create no version", "POST", "/mcp", map[string]string{"serverSpecification": `{"name":"x","protocol":"stdio"}`}, 400, 20002},
		{"create remote no endpoint", "POST", "/mcp", map[string]string{"serverSpecification": `{"name":"x","protocol":"mcp-sse","version":"1"}`}, 400, 10000},
		{"create bad namespace", "POST", "/mcp", map[string]string{"serverSpecification": stdio, "namespaceId": "bad ns"}, 400, 22000},
		{"update unknown", "PUT", "/mcp", map[string]string{"serverSpecification": `{"name":"nobody","protocol":"stdio","version":"1"}`}, 404, 50000},
		{"update published version", "PUT", "/mcp", map[string]string{"serverSpecification": `{"name":"weather","protocol":"mcp-sse","description":"new","version":"1.0.0"}`, "endpointSpecification": directEP}, 409, 50002},
		{"update bad latest", "PUT", "/mcp", map[string]string{"serverSpecification": stdio, "latest": "maybe"}, 400, 20002},
		{"get without name", "GET", "/mcp", nil, 400, 10000},
		{"get unknown", "GET", "/mcp", map[string]string{"mcpName": "nobody"}, 404, 50000},
		{"get unknown id", "GET", "/mcp", map[string]string{"mcpId": "0000"}, 404, 50000},
		{"get unknown version", "GET", "/mcp", map[string]string{"mcpName": "weather", "version": "9"}, 404, 50001},
		{"list bad search", "GET", "/mcp/list", map[string]string{"search": "fuzzy"}, 400, 20002},
		{"list page 0", "GET", "/mcp/list", map[string]string{"pageNo": "0"}, 400, 20002},
		{"list page not a number", "GET", "/mcp/list", map[string]string{"pageSize": "x"}, 400, 20002},
		{"delete without name", "DELETE", "/mcp", nil, 400, 10000},
		{"delete unknown version", "DELETE", "/mcp", map[string]string{"mcpName": "weather", "version": "9"}, 404, 50001},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, res := f.do(t, tc.method, tc.path, tc.params)
			if status != tc.status || res.Code != tc.code {
				t.Fatalf("%d %+v %s, want %d %d", status, res, res.Data, tc.status, tc.code)
			}
			var d mcpDetail
			f.ok(t, "GET", "/mcp", map[string]string{"mcpName": "weather"}, &d)
			if len(d.AllVersions) != 1 || d.Description != "d" {
				t.Fatalf("a refused call changed the server: %+v", d)
			}
			if p, _ := f.mcp.List("", 0, "", 1, 10); p.TotalCount != 1 {
				t.Fatalf("a refused call left %d servers", p.TotalCount)
			}
		})
	}
}

// Every §6-7 route of the inventory is served.
func TestRoutesServed(t *testing.T) {
	f := newCatalogFixture(t)
	for _, r := range []string{"GET /mcp/list", "GET /mcp", "POST /mcp", "PUT /mcp", "DELETE /mcp", "GET /a2a", "POST /a2a",
		"PUT /a2a", "DELETE /a2a", "GET /a2a/list", "GET /a2a/version/list"} {
		var method, path string
		for i := range r {
			if r[i] == ' ' {
				method, path = r[:i], r[i+1:]
			}
		}
		req, _ := http.NewRequest(method, Base+path, nil)
		if _, pattern := f.mux.Handler(req); pattern == "" {
			t.Errorf("%s is not routed", r)
		}
	}
}
