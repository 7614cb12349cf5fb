package ai

// promptRoutes are the routes of its part of seed 003 (none yet).
func (a *api) promptRoutes() []route { return nil }
