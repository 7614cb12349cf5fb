package v3

// namingRoutes are the routes of the naming section.
func (a *api) namingRoutes() []route {
	return nil
}
