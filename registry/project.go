package registry

import "regexp"

// MaxProjectLen bounds a ServiceComb/CSE/kie project id. A project is a
// Nacos namespace (scope.go), whose ids Nacos bounds at 128.
const MaxProjectLen = 128

// projectPattern: letters, digits, '_', '-' and '.', not starting with a
// dot, so that "." and ".." (and "../..", once a client's %2f is decoded)
// are never a project.
var projectPattern = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$`)

// ValidateProject checks a project id taken from an API path; every
// dialect with a {project_id} in its paths has it checked by httpx.Mount
// before its handler runs. The error is KindInvalid on "project_id",
// which each dialect answers as its invalid-parameter error.
func ValidateProject(project string) error {
	if len(project) > MaxProjectLen || !projectPattern.MatchString(project) {
		return FieldErrorf(KindInvalid, "project_id",
			"project_id: must be 1-%d letters, digits, '.', '_' or '-', not starting with '.' (got %q)", MaxProjectLen, project)
	}
	return nil
}
