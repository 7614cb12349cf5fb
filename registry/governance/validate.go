package governance

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Limits. They keep one service's Envoy configuration small and every
// record far below the store's value limit.
const (
	MaxNameLen     = 64
	MaxLabelLen    = 128 // environment, app, service of a selector
	MaxMatches     = 32  // per match group
	MaxConditions  = 16  // headers or queries per match, headers per route rule
	MaxRules       = 100 // route rules per service
	MaxRouteGroups = 32  // weighted groups per route rule
	MaxTags        = 16  // per weighted group
	MaxStatuses    = 32  // retryOnResponseStatus, recordFailureStatus
	MaxRetries     = 100
)

var (
	projectPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	namePattern    = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
)

// invalid is a validation error about one field, worded "field: problem".
func invalid(field, format string, args ...any) *registry.Error {
	return &registry.Error{Kind: registry.KindInvalid, Field: field, Msg: field + ": " + fmt.Sprintf(format, args...)}
}

// ParseKind answers the kind an API path names.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", invalid("kind", "%q is not a governance kind (%s)", s, kindList())
}

func kindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// ValidateProject checks the project of an API path.
func ValidateProject(project string) error { return validateProject(project) }

func validateProject(project string) error {
	if !projectPattern.MatchString(project) {
		return invalid("project_id", "must be 1-64 letters, digits, '.', '_' or '-'")
	}
	return nil
}

func validateKind(kind Kind) error {
	_, err := ParseKind(string(kind))
	return err
}

// validateName checks a rule name: it binds policies to match groups and
// ends up in Envoy statistics, hence the narrow alphabet.
func validateName(name string) error {
	if name == "" {
		return invalid("name", "is required")
	}
	if !namePattern.MatchString(name) {
		return invalid("name", "%q must be 1-64 letters, digits, '_', '-' or '.'", name)
	}
	return nil
}

// normalizeStatus answers the status, enabled when empty.
func normalizeStatus(s string) (string, error) {
	switch s {
	case "":
		return StatusEnabled, nil
	case StatusEnabled, StatusDisabled:
		return s, nil
	}
	return "", invalid("status", "%q must be enabled or disabled", s)
}

// validateSelector checks a selector. Empty values are meaningful (the
// empty environment is one of them; an empty app or service takes any), so
// only the form is checked: the values are compared with what services
// register, which the naming rules bound.
func validateSelector(sel Selector) error {
	if err := checkLabel("selector.environment", sel.Environment); err != nil {
		return err
	}
	if sel.App != "" && naming.ValidateGroup(sel.App) != nil {
		return invalid("selector.app", "%q is not an app (letters, digits, '-', '_', ':', '.', at most %d)",
			sel.App, naming.MaxGroupLen)
	}
	if sel.Service != "" && naming.ValidateServiceName(sel.Service) != nil {
		return invalid("selector.service", "%q is not a service name (no white space or '@@', at most %d bytes)",
			sel.Service, naming.MaxServiceNameLen)
	}
	return nil
}

// checkLabel checks a free-form label such as an environment: bounded,
// printable, no white space.
func checkLabel(field, v string) error {
	if len(v) > MaxLabelLen {
		return invalid(field, "must be at most %d bytes", MaxLabelLen)
	}
	if strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return invalid(field, "%q must not contain white space or control characters", v)
	}
	return nil
}

// normalizeRouteKey fills the default app and checks the key of a
// service's route rules.
func normalizeRouteKey(k RouteRuleKey) (RouteRuleKey, error) {
	if k.App == "" {
		k.App = registry.DefaultApp
	}
	if err := validateProject(k.Project); err != nil {
		return k, err
	}
	if err := checkLabel("environment", k.Environment); err != nil {
		return k, err
	}
	if naming.ValidateGroup(k.App) != nil {
		return k, invalid("app_id", "%q is not an app (letters, digits, '-', '_', ':', '.', at most %d)",
			k.App, naming.MaxGroupLen)
	}
	if k.Service == "" {
		return k, invalid("service_name", "is required")
	}
	if naming.ValidateServiceName(k.Service) != nil {
		return k, invalid("service_name", "%q is not a service name (no white space or '@@', at most %d bytes)",
			k.Service, naming.MaxServiceNameLen)
	}
	return k, nil
}
