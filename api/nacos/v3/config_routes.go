package v3

// Paths of the config section.
const (
	csConfig  = configBase + "/config"
	csHistory = configBase + "/history"
	csOps     = configBase + "/ops"
)

// configRoutes are the routes of the config section: configs, their
// history and the ops endpoints (seed 003 §3). Beta, import, export and
// listeners are elsewhere.
func (a *api) configRoutes() []route {
	if a.deps.Configs == nil {
		return nil
	}
	publishLimit := a.deps.Configs.MaxRequestBytes()
	return []route{
		{pattern: "GET " + csConfig, h: a.configGet},
		{pattern: "POST " + csConfig, h: a.configPublish, limit: publishLimit},
		{pattern: "DELETE " + csConfig, h: a.configDelete},
		{pattern: "DELETE " + csConfig + "/batch", h: a.configBatchDelete},
		{pattern: "GET " + csConfig + "/list", h: a.configList},
		{pattern: "POST " + csConfig + "/clone", h: a.configClone},
		{pattern: "PUT " + csConfig + "/metadata", h: a.configMetadata},
		{pattern: "GET " + csHistory + "/list", h: a.historyList},
		{pattern: "GET " + csHistory, h: a.historyGet},
		{pattern: "GET " + csHistory + "/previous", h: a.historyPrevious},
		{pattern: "GET " + csHistory + "/configs", h: a.historyConfigs},
		{pattern: "POST " + csOps + "/localCache", h: a.opsLocalCache},
		{pattern: "PUT " + csOps + "/log", h: a.configLog},
	}
}
