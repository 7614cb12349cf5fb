package servicecomb

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Service-center's patterns (seed 004 tables 8-29, 8-53, 8-87).
var (
	namePattern     = regexp.MustCompile(`^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$`)
	schemaIDPattern = regexp.MustCompile(`^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9_\-.]*[a-zA-Z0-9]$`)
	tagPattern      = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_\-.]{0,63}$`)
	instanceIDChars = regexp.MustCompile(`^[A-Za-z0-9_\-.]+$`)
)

var (
	environments = []string{"", "development", "testing", "acceptance", "production"}
	levels       = []string{"FRONT", "MIDDLE", "BACK"}
	registerBys  = []string{"", "SDK", "PLATFORM", "SIDECAR", "UNKNOWN"}
	serviceStats = []string{StatusUp, StatusDown}
	instanceStat = []string{StatusUp, StatusDown, StatusStarting, StatusTesting, StatusOutOfService}
)

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// checkLen refuses a value longer than max runes (or empty, when required).
func checkLen(field, v string, required bool, max int) error {
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && required:
		return registry.FieldErrorf(registry.KindInvalid, field, "%s is required", field)
	case n > max:
		return invalid(field, "%s is longer than %d characters", field, max)
	}
	return nil
}

func checkPattern(field, v string, p *regexp.Regexp, max int) error {
	if err := checkLen(field, v, true, max); err != nil {
		return err
	}
	if !p.MatchString(v) {
		return invalid(field, "%s %q does not match %s", field, v, p)
	}
	return nil
}

// normalizeService fills service-center's defaults and validates s.
func normalizeService(s *Microservice) error {
	if s.AppID == "" {
		s.AppID = registry.DefaultApp
	}
	if s.Version == "" {
		s.Version = DefaultVersion
	}
	if s.Level == "" {
		s.Level = DefaultLevel
	}
	if s.Status == "" {
		s.Status = StatusUp
	}
	checks := []error{
		checkLen("serviceId", s.ServiceID, false, 64),
		checkPattern("serviceName", s.ServiceName, namePattern, 128),
		checkPattern("appId", s.AppID, namePattern, 160),
		checkLen("description", s.Description, false, 256),
		checkLen("alias", s.Alias, false, 128),
		checkEnum("environment", s.Environment, environments),
		checkEnum("level", s.Level, levels),
		checkEnum("registerBy", s.RegisterBy, registerBys),
		checkEnum("status", s.Status, serviceStats),
		checkVersion(s.Version),
		checkSchemaIDs(s.Schemas),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkEnum(field, v string, allowed []string) error {
	if !oneOf(v, allowed) {
		return invalid(field, "%s %q is not one of %s", field, v, strings.Join(allowed, ", "))
	}
	return nil
}

func checkVersion(v string) error {
	if _, ok := parseVersion(v); !ok {
		return invalid("version", "version %q is not 1 to 4 dot-separated numbers of at most %d", v, maxVersionPart)
	}
	return nil
}

func checkSchemaIDs(ids []string) error {
	if len(ids) > 100 {
		return invalid("schemas", "a microservice has at most 100 schemas")
	}
	for _, id := range ids {
		if err := checkPattern("schemaId", id, schemaIDPattern, 160); err != nil {
			return err
		}
	}
	return nil
}

// checkRules validates black/white rules: all of one type (a provider has
// a black list or a white list), each as checkRule wants it.
func checkRules(rules []Rule) error {
	for i := range rules {
		if err := checkRule(&rules[i]); err != nil {
			return err
		}
		if rules[i].RuleType != rules[0].RuleType {
			return invalid("rules", "rules mix WHITE and BLACK")
		}
	}
	return nil
}

// checkRule validates one rule: a type, an attribute and a pattern that
// compiles (service-center compiles it only when a find applies it; a
// rule that can never match is refused here instead).
func checkRule(r *Rule) error {
	if err := checkEnum("ruleType", r.RuleType, []string{"WHITE", "BLACK"}); err != nil {
		return err
	}
	if err := checkLen("attribute", r.Attribute, true, 64); err != nil {
		return err
	}
	if err := checkLen("pattern", r.Pattern, true, 64); err != nil {
		return err
	}
	if err := checkLen("description", r.Description, false, 256); err != nil {
		return err
	}
	if _, err := regexp.Compile(r.Pattern); err != nil {
		return invalid("pattern", "pattern %q is not a regular expression", r.Pattern)
	}
	if !strings.HasPrefix(r.Attribute, "tag_") && ruleAttribute(r.Attribute) == "" {
		return invalid("attribute", "attribute %q is not tag_<name> or one of %s", r.Attribute, strings.Join(ruleAttributes, ", "))
	}
	return nil
}

var ruleAttributes = []string{"ServiceId", "AppId", "ServiceName", "Version", "Description", "Level", "Status"}

// ruleAttribute answers the canonical name of a rule attribute, matched
// without regard to case (the seed writes both serviceId and ServiceId),
// or "" when it names none.
func ruleAttribute(a string) string {
	for _, name := range ruleAttributes {
		if strings.EqualFold(a, name) {
			return name
		}
	}
	return ""
}

func checkTags(tags map[string]string) error {
	if len(tags) > 100 {
		return invalid("tags", "a microservice has at most 100 tags")
	}
	for k, v := range tags {
		if err := checkPattern("tags", k, tagPattern, 64); err != nil {
			return err
		}
		if err := checkLen("tags", v, false, 128); err != nil {
			return err
		}
	}
	return nil
}

func checkProperties(field string, p map[string]string) error {
	size := 0
	for k, v := range p {
		if k == "" {
			return invalid(field, "%s has an empty key", field)
		}
		if reservedKey(k) {
			return invalid(field, "%s key %q is reserved", field, k)
		}
		size += len(k) + len(v)
	}
	if size > 8<<10 {
		return invalid(field, "%s are larger than 8 KiB", field)
	}
	return nil
}
