package ai

// artifactRoutes are the calls skills (§9) and agent specs (§10) share,
// under base: detail, delete, a version's detail, upload, the draft life
// cycle, labels, biz tags, online status and scope. Each kind adds the
// calls of its own.
func (x *artifactAPI) artifactRoutes(base string) []route {
	return []route{
		{pattern: "GET " + base, h: x.detail},
		{pattern: "DELETE " + base, h: x.delete},
		{pattern: "GET " + base + "/version", h: x.versionDetail},
		{pattern: "POST " + base + "/upload", h: x.upload},
		{pattern: "POST " + base + "/draft", h: x.createDraft},
		{pattern: "PUT " + base + "/draft", h: x.updateDraft},
		{pattern: "DELETE " + base + "/draft", h: x.deleteDraft},
		{pattern: "POST " + base + "/submit", h: x.submit},
		{pattern: "POST " + base + "/publish", h: x.publish(false)},
		{pattern: "POST " + base + "/force-publish", h: x.publish(true)},
		{pattern: "POST " + base + "/redraft", h: x.redraft},
		{pattern: "PUT " + base + "/labels", h: x.labels},
		{pattern: "PUT " + base + "/biz-tags", h: x.bizTags},
		{pattern: "POST " + base + "/online", h: x.online},
		{pattern: "PUT " + base + "/scope", h: x.scope},
	}
}
