package registry

// Dialect mappings of DESIGN.md "One registry, several dialects": Nacos
// namespace public is the ServiceComb/CSE project default, Nacos group
// DEFAULT_GROUP is the ServiceComb app default; other names map one to one.
const (
	DefaultNamespace = "public"
	DefaultProject   = "default"
	DefaultGroup     = "DEFAULT_GROUP"
	DefaultApp       = "default"
)

// ProjectOfNamespace answers the project of a Nacos namespace.
func ProjectOfNamespace(ns string) string {
	if ns == "" || ns == DefaultNamespace {
		return DefaultProject
	}
	return ns
}

// NamespaceOfProject answers the Nacos namespace of a project.
func NamespaceOfProject(project string) string {
	if project == "" || project == DefaultProject {
		return DefaultNamespace
	}
	return project
}

// AppOfGroup answers the ServiceComb app of a Nacos group.
func AppOfGroup(group string) string {
	if group == "" || group == DefaultGroup {
		return DefaultApp
	}
	return group
}

// GroupOfApp answers the Nacos group of a ServiceComb app.
func GroupOfApp(app string) string {
	if app == "" || app == DefaultApp {
		return DefaultGroup
	}
	return app
}
