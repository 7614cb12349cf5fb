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
	return append(x.artifactRoutes(skillPath),
		route{pattern: "POST " + skillPath, h: x.register},
		route{pattern: "PUT " + skillPath, h: x.update},
		route{pattern: "GET " + skillPath + "/list", h: x.list},
		route{pattern: "GET " + skillPath + "/meta", h: x.meta},
		route{pattern: "POST " + skillPath + "/upload/batch", h: x.uploadBatch},
	)
}
