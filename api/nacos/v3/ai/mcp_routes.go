package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	airegistry "github.com/causeway-dev/causeway/registry/ai"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// mcpRoutes are seed 003 §6 (Nacos's McpAdminController).
func (a *api) mcpRoutes() []route {
	if a.deps.MCP == nil {
		return nil
	}
	return []route{
		{"GET " + Base + "/mcp/list", a.listMCP, 0},
		{"GET " + Base + "/mcp", a.getMCP, 0},
		{"POST " + Base + "/mcp", a.createMCP, 0},
		{"PUT " + Base + "/mcp", a.updateMCP, 0},
		{"DELETE " + Base + "/mcp", a.deleteMCP, 0},
	}
}

// listMCP answers §6.1 (search=accurate) and §6.2 (search=blur).
func (a *api) listMCP(_ *http.Request, p httpx.Params) (any, error) {
	return listCatalog(p, "mcpName", a.deps.MCP.List, toListItem)
}

// listCatalog answers a paged list of the catalog (MCP servers or agent
// cards) whose names match param, each item in its wire shape.
func listCatalog[T, U any](p httpx.Params, param string,
	list func(ns string, search airegistry.Search, pattern string, pageNo, pageSize int) (airegistry.Page[T], error),
	wire func(T) U) (any, error) {
	search, err := airegistry.ParseSearch(p.Get("search"), airegistry.SearchAccurate)
	if err != nil {
		return nil, err
	}
	pageNo, pageSize, err := readPage(p)
	if err != nil {
		return nil, err
	}
	pg, err := list(p.Get("namespaceId"), search, p.Get(param), pageNo, pageSize)
	if err != nil {
		return answer(nil, err)
	}
	return airegistry.MapPage(pg, wire), nil
}

// getMCP answers §6.3: a version ("" the latest) with its tools and the
// endpoints it resolves to now.
func (a *api) getMCP(_ *http.Request, p httpx.Params) (any, error) {
	v, err := a.deps.MCP.Get(p.Get("namespaceId"), p.Get("mcpId"), p.Get("mcpName"), p.Get("version"))
	if err != nil {
		return answer(nil, err)
	}
	d := mcpDetail{mcpBasic: toBasic(v), BackendEndpoints: []endpointInfo{}, FrontendEndpoints: []endpointInfo{},
		ToolSpec: v.Server.Tools, AllVersions: versionDetails(v.Index), NamespaceID: v.Namespace}
	if v.Server.Endpoint != nil {
		ep, err := a.deps.MCP.Endpoint(v.Namespace, v.Server.Name, v.Server.Version)
		if err != nil {
			return answer(nil, err)
		}
		for _, b := range a.deps.MCP.Backends(ep) {
			d.BackendEndpoints = append(d.BackendEndpoints, endpointInfo{Protocol: ep.Transport, Address: b.Address, Port: b.Port, Path: ep.Path})
		}
	}
	return d, nil
}

// mcpInput reads the create and update form (McpDetailForm).
func mcpInput(p httpx.Params) (*catalog.MCPInput, error) {
	return catalog.ParseMCPInput(p.Get("namespaceId"), p.Get("mcpName"), p.Get("serverSpecification"),
		p.Get("toolSpecification"), p.Get("endpointSpecification"))
}

// createMCP answers §6.4, §6.5 and §6.8: the new server's id.
func (a *api) createMCP(r *http.Request, p httpx.Params) (any, error) {
	in, err := mcpInput(p)
	if err != nil {
		return nil, err
	}
	return answer(a.deps.MCP.Create(r.Context(), in))
}

// updateMCP answers §6.6: a new version, the latest unless latest=false.
func (a *api) updateMCP(r *http.Request, p httpx.Params) (any, error) {
	in, err := mcpInput(p)
	if err != nil {
		return nil, err
	}
	latest, err := p.Bool("latest", true, true)
	if err != nil {
		return nil, err
	}
	return answer("ok", a.deps.MCP.Update(r.Context(), in, latest))
}

// deleteMCP answers §6.7: one version, or the server when version is
// empty.
func (a *api) deleteMCP(r *http.Request, p httpx.Params) (any, error) {
	return answer("ok", a.deps.MCP.Delete(r.Context(), p.Get("namespaceId"), p.Get("mcpId"), p.Get("mcpName"), p.Get("version")))
}
