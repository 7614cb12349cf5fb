package ai

// mcpRoutes are the routes of its part of seed 003 (none yet).
func (a *api) mcpRoutes() []route { return nil }
