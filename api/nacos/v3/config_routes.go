package v3

// configRoutes are the routes of the config section.
func (a *api) configRoutes() []route {
	return nil
}
