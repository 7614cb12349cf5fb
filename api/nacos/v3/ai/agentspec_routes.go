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
	return []route{
		{pattern: "GET " + agentSpecPath, h: x.detail},
		{pattern: "GET " + agentSpecPath + "/admin", h: x.meta},
		{pattern: "DELETE " + agentSpecPath, h: x.delete},
		{pattern: "GET " + agentSpecPath + "/version", h: x.versionDetail},
		{pattern: "GET " + agentSpecPath + "/version/meta", h: x.versionMeta},
		{pattern: "GET " + agentSpecPath + "/list", h: x.listBasic},
		{pattern: "GET " + agentSpecPath + "/admin/list", h: x.list},
		{pattern: "POST " + agentSpecPath + "/upload", h: x.upload},
		{pattern: "POST " + agentSpecPath + "/draft", h: x.createDraft},
		{pattern: "PUT " + agentSpecPath + "/draft", h: x.updateDraft},
		{pattern: "DELETE " + agentSpecPath + "/draft", h: x.deleteDraft},
		{pattern: "POST " + agentSpecPath + "/submit", h: x.submit},
		{pattern: "POST " + agentSpecPath + "/publish", h: x.publish(false)},
		{pattern: "POST " + agentSpecPath + "/force-publish", h: x.publish(true)},
		{pattern: "POST " + agentSpecPath + "/redraft", h: x.redraft},
		{pattern: "PUT " + agentSpecPath + "/labels", h: x.labels},
		{pattern: "PUT " + agentSpecPath + "/biz-tags", h: x.bizTags},
		{pattern: "POST " + agentSpecPath + "/online", h: x.online},
		{pattern: "PUT " + agentSpecPath + "/scope", h: x.scope},
	}
}
