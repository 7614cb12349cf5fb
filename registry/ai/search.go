package ai

import (
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// Search is how a list matches names: exactly (accurate) or by substring
// (blur), Nacos's two modes, the same for every kind.
type Search int

// Search modes.
const (
	SearchAccurate Search = iota
	SearchBlur
)

// ParseSearch reads Nacos's search parameter, def when it is empty (MCP,
// A2A, skills and agent specs default to accurate, prompts to blur as
// seed §8.1 says).
func ParseSearch(s string, def Search) (Search, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return def, nil
	case "accurate":
		return SearchAccurate, nil
	case "blur":
		return SearchBlur, nil
	}
	return 0, registry.FieldErrorf(registry.KindInvalid, "search", "Request parameter `search` should be `accurate` or `blur`.")
}

// Matcher answers the name filter of a list: every name when pattern is
// empty, else equal names (accurate) or names holding pattern (blur;
// Nacos's '*' wildcards are dropped, they add nothing to a substring).
func Matcher(search Search, pattern string) func(string) bool {
	if pattern == "" {
		return func(string) bool { return true }
	}
	if search == SearchAccurate {
		return func(n string) bool { return n == pattern }
	}
	p := strings.ReplaceAll(pattern, "*", "")
	return func(n string) bool { return strings.Contains(n, p) }
}
