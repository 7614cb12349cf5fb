package ai

// a2aRoutes are the routes of its part of seed 003 (none yet).
func (a *api) a2aRoutes() []route { return nil }
