package ai

// agentSpecPath is the base of the agent spec routes (seed 003 §10).
const agentSpecPath = Base + "/agentspecs"

// agentSpecRoutes are the agent spec calls of seed 003 §10. Neither the
// seed nor the inventory gives their paths; they follow the skills'. The
// "admin" detail and listing answer the metadata and summaries, the plain
// ones the latest version and basic items.
func (a *api) agentSpecRoutes() []route {
	if a.deps.AgentSpecs == nil {
		return nil
	}
	x := newArtifactAPI(a.deps.AgentSpecs)
	return append(x.artifactRoutes(agentSpecPath),
		route{pattern: "GET " + agentSpecPath + "/admin", h: x.meta},
		route{pattern: "GET " + agentSpecPath + "/version/meta", h: x.versionMeta},
		route{pattern: "GET " + agentSpecPath + "/list", h: x.listBasic},
		route{pattern: "GET " + agentSpecPath + "/admin/list", h: x.list},
	)
}
