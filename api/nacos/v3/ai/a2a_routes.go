package ai

import (
	"net/http"

	"github.com/causeway-dev/causeway/api/httpx"
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai/catalog"
)

// a2aRoutes are seed 003 §7 (Nacos's A2aAdminController).
func (a *api) a2aRoutes() []route {
	if a.deps.A2A == nil {
		return nil
	}
	return []route{
		{"POST " + Base + "/a2a", a.registerAgent, 0},
		{"GET " + Base + "/a2a", a.getAgent, 0},
		{"PUT " + Base + "/a2a", a.updateAgent, 0},
		{"DELETE " + Base + "/a2a", a.deleteAgent, 0},
		{"GET " + Base + "/a2a/version/list", a.agentVersions, 0},
		{"GET " + Base + "/a2a/list", a.listAgents, 0},
	}
}

// agentCard reads the agentCard form field; agentName, when given, must
// be the card's name.
func agentCard(p httpx.Params) (*catalog.AgentCard, error) {
	c, err := catalog.ParseAgentCard(p.Get("agentCard"))
	if err != nil {
		return nil, err
	}
	if n := p.Get("agentName"); n != "" && c.Name != "" && n != c.Name {
		return nil, registry.FieldErrorf(registry.KindInvalid, "agentName",
			"agentName %q is not the agent card's name %q", n, c.Name)
	}
	if c.Name == "" {
		c.Name = p.Get("agentName")
	}
	return c, nil
}

// registerAgent answers §7.1.
func (a *api) registerAgent(r *http.Request, p httpx.Params) (any, error) {
	c, err := agentCard(p)
	if err != nil {
		return nil, err
	}
	return answer("ok", a.deps.A2A.Register(r.Context(), p.Get("namespaceId"), c, p.Get("registrationType")))
}

// updateAgent answers §7.3: a new version, the latest when setAsLatest.
func (a *api) updateAgent(r *http.Request, p httpx.Params) (any, error) {
	c, err := agentCard(p)
	if err != nil {
		return nil, err
	}
	latest, err := p.Bool("setAsLatest", false, true)
	if err != nil {
		return nil, err
	}
	return answer("ok", a.deps.A2A.Update(r.Context(), p.Get("namespaceId"), c, latest, p.Get("registrationType")))
}

// getAgent answers §7.2: a version ("" the latest) of a card.
func (a *api) getAgent(_ *http.Request, p httpx.Params) (any, error) {
	v, err := a.deps.A2A.Get(p.Get("namespaceId"), p.Get("agentName"), p.Get("version"))
	if err != nil {
		return answer(nil, err)
	}
	c := *v.Card
	if rt := p.Get("registrationType"); rt != "" {
		c.RegistrationType = rt
	}
	return agentDetail{AgentCard: &c, LatestVersion: c.Version == v.Index.Latest}, nil
}

// deleteAgent answers §7.4: one version, or the agent when version is
// empty.
func (a *api) deleteAgent(r *http.Request, p httpx.Params) (any, error) {
	return answer("ok", a.deps.A2A.Delete(r.Context(), p.Get("namespaceId"), p.Get("agentName"), p.Get("version")))
}

// agentVersions answers §7.5.
func (a *api) agentVersions(_ *http.Request, p httpx.Params) (any, error) {
	x, err := a.deps.A2A.Versions(p.Get("namespaceId"), p.Get("agentName"))
	if err != nil {
		return answer(nil, err)
	}
	return agentVersions(x), nil
}

// listAgents answers §7.6 (search=blur) and §7.7 (accurate, the default).
func (a *api) listAgents(_ *http.Request, p httpx.Params) (any, error) {
	return listCatalog(p, "agentName", a.deps.A2A.List, toAgentListItem)
}
