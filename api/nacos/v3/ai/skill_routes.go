package ai

// skillPath is the base of the skill routes (seed 003 §9).
const skillPath = Base + "/skills"

// skillRoutes are the skill calls of seed 003 §9. The seed gives the SDK
// calls only; the paths are the project inventory's, and where it has
// none (register, update, meta, online, redraft) they follow the same
// scheme.
func (a *api) skillRoutes() []route {
	if a.deps.Skills == nil {
		return nil
	}
	x := newArtifactAPI(a.deps.Skills)
	return []route{
		{pattern: "POST " + skillPath, h: x.register},
		{pattern: "GET " + skillPath, h: x.detail},
		{pattern: "PUT " + skillPath, h: x.update},
		{pattern: "DELETE " + skillPath, h: x.delete},
		{pattern: "GET " + skillPath + "/list", h: x.list},
		{pattern: "GET " + skillPath + "/meta", h: x.meta},
		{pattern: "GET " + skillPath + "/version", h: x.versionDetail},
		{pattern: "POST " + skillPath + "/upload", h: x.upload},
		{pattern: "POST " + skillPath + "/upload/batch", h: x.uploadBatch},
		{pattern: "POST " + skillPath + "/draft", h: x.createDraft},
		{pattern: "PUT " + skillPath + "/draft", h: x.updateDraft},
		{pattern: "DELETE " + skillPath + "/draft", h: x.deleteDraft},
		{pattern: "POST " + skillPath + "/submit", h: x.submit},
		{pattern: "POST " + skillPath + "/publish", h: x.publish(false)},
		{pattern: "POST " + skillPath + "/force-publish", h: x.publish(true)},
		{pattern: "POST " + skillPath + "/redraft", h: x.redraft},
		{pattern: "PUT " + skillPath + "/labels", h: x.labels},
		{pattern: "PUT " + skillPath + "/biz-tags", h: x.bizTags},
		{pattern: "POST " + skillPath + "/online", h: x.online},
		{pattern: "PUT " + skillPath + "/scope", h: x.scope},
	}
}
