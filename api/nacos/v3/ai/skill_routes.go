package ai

// skillRoutes are the routes of its part of seed 003 (none yet).
func (a *api) skillRoutes() []route { return nil }
