package v3

// coreRoutes are the routes of the core section.
func (a *api) coreRoutes() []route {
	return nil
}
