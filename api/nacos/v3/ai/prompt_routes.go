package ai

// promptRoutes are the prompt calls of seed 003 §8. The seed gives SDK
// methods, not paths: the paths are shared/api-inventory.tsv's, and
// the calls it lacks (§8.2 metadata, §8.4-8.5 labels, §8.6 one-step
// publish, §8.9 metadata update, §8.18 redraft) sit beside them on the
// resource path (/prompt) or an action path like the inventory's.
func (a *api) promptRoutes() []route {
	if a.deps.Prompts == nil {
		return nil
	}
	p := Base + "/prompt"
	return []route{
		{pattern: "GET " + p + "/list", h: a.listPrompts},                          // §8.1
		{pattern: "GET " + p, h: a.getPrompt(false)},                               // §8.2
		{pattern: "GET " + p + "/version", h: a.getPromptVersion},                  // §8.3, §8.11
		{pattern: "POST " + p + "/label", h: a.bindPromptLabel},                    // §8.4
		{pattern: "DELETE " + p + "/label", h: a.unbindPromptLabel},                // §8.5
		{pattern: "POST " + p, h: a.publishPrompt},                                 // §8.6
		{pattern: "DELETE " + p, h: a.deletePrompt},                                // §8.7
		{pattern: "GET " + p + "/versions", h: a.listPromptVersions},               // §8.8
		{pattern: "PUT " + p, h: a.updatePromptMeta},                               // §8.9
		{pattern: "GET " + p + "/governance", h: a.getPrompt(true)},                // §8.10
		{pattern: "POST " + p + "/draft", h: a.createPromptDraft},                  // §8.12
		{pattern: "PUT " + p + "/draft", h: a.updatePromptDraft},                   // §8.13
		{pattern: "DELETE " + p + "/draft", h: a.deletePromptDraft},                // §8.14
		{pattern: "POST " + p + "/submit", h: a.submitPrompt},                      // §8.15
		{pattern: "POST " + p + "/publish", h: a.publishPromptVersion(false)},      // §8.16
		{pattern: "POST " + p + "/force-publish", h: a.publishPromptVersion(true)}, // §8.17
		{pattern: "POST " + p + "/redraft", h: a.redraftPrompt},                    // §8.18
		{pattern: "POST " + p + "/online", h: a.setPromptOnline(true)},             // §8.19
		{pattern: "POST " + p + "/offline", h: a.setPromptOnline(false)},           // §8.19
		{pattern: "PUT " + p + "/labels", h: a.updatePromptLabels},                 // §8.20
		{pattern: "PUT " + p + "/description", h: a.updatePromptDescription},       // §8.21
		{pattern: "PUT " + p + "/biz-tags", h: a.updatePromptBizTags},              // §8.22
	}
}
