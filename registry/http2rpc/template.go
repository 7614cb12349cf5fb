package http2rpc

import (
	"fmt"
	"regexp"
	"strings"
)

// Template is a parsed HTTP path template such as /users/{id}/orders.
type Template struct {
	segments []segment
}

type segment struct {
	literal string // when not a variable
	name    string // the variable's name, "" for a literal
}

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParseTemplate reads a path template: it starts with '/', and each
// segment is a literal or one whole {variable}; a variable appears once.
func ParseTemplate(path string) (*Template, error) {
	if !strings.HasPrefix(path, "/") || len(path) > 1024 {
		return nil, fmt.Errorf("%q must start with / and be at most 1024 characters", path)
	}
	t := &Template{}
	seen := map[string]bool{}
	for _, s := range strings.Split(path[1:], "/") {
		if !strings.ContainsAny(s, "{}") {
			if strings.ContainsAny(s, "?#") {
				return nil, fmt.Errorf("%q holds a query or fragment", path)
			}
			t.segments = append(t.segments, segment{literal: s})
			continue
		}
		name, ok := strings.CutPrefix(s, "{")
		name, ok2 := strings.CutSuffix(name, "}")
		if !ok || !ok2 || !varName.MatchString(name) {
			return nil, fmt.Errorf("segment %q of %q is neither a literal nor one {variable}", s, path)
		}
		if seen[name] {
			return nil, fmt.Errorf("variable %q appears twice in %q", name, path)
		}
		seen[name] = true
		t.segments = append(t.segments, segment{name: name})
	}
	return t, nil
}

// Vars answers the template's variable names in order.
func (t *Template) Vars() []string {
	var out []string
	for _, s := range t.segments {
		if s.name != "" {
			out = append(out, s.name)
		}
	}
	return out
}

// Shape answers the template with every variable as {}: two templates of
// one shape match the same paths.
func (t *Template) Shape() string {
	var b strings.Builder
	for _, s := range t.segments {
		b.WriteByte('/')
		if s.name != "" {
			b.WriteString("{}")
		} else {
			b.WriteString(s.literal)
		}
	}
	return b.String()
}

// Regex answers an RE2 expression matching exactly the template's paths,
// a variable standing for one non-empty segment.
func (t *Template) Regex() string {
	var b strings.Builder
	for _, s := range t.segments {
		b.WriteByte('/')
		if s.name != "" {
			b.WriteString("[^/]+")
		} else {
			b.WriteString(regexp.QuoteMeta(s.literal))
		}
	}
	return b.String()
}

// Match answers the variables of path, ok false when path is not one of
// the template's. Values are as they appear in the path (still escaped).
func (t *Template) Match(path string) (map[string]string, bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	parts := strings.Split(path[1:], "/")
	if len(parts) != len(t.segments) {
		return nil, false
	}
	vars := map[string]string{}
	for i, s := range t.segments {
		switch {
		case s.name == "" && parts[i] != s.literal:
			return nil, false
		case s.name != "" && parts[i] == "":
			return nil, false
		case s.name != "":
			vars[s.name] = parts[i]
		}
	}
	return vars, true
}

// Example answers a path of the template, each variable as "x".
func (t *Template) Example() string { return strings.ReplaceAll(t.Shape(), "{}", "x") }
