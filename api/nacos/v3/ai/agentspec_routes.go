package ai

// agentSpecRoutes are the routes of its part of seed 003 (none yet).
func (a *api) agentSpecRoutes() []route { return nil }
