package artifact

import (
	"github.com/causeway-dev/causeway/registry/ai"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Limits of one artifact. A version is one store value (at most 1 MiB), so
// its manifest and resources together stay well below that.
const (
	MaxContentBytes = 768 << 10
	MaxResources    = 256
	MaxVersions     = 200
	maxTagLen       = 64
	maxDescription  = 4 << 10
	maxResourceName = 256
)

var (
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
)

func validName(field, name string) error {
	if name == "" {
		return registry.FieldErrorf(registry.KindMissing, field, "%s is required", field)
	}
	if !nameRE.MatchString(name) {
		return invalid(field, "invalid name %q: letters, digits, '.', '_' and '-', at most 128", name)
	}
	return nil
}

// validCard checks a card's content; the name is checked by the caller.
func validCard(c *Card) error {
	if c.Version != "" {
		if err := ai.ValidateVersion("version", c.Version); err != nil {
			return err
		}
	}
	if len(c.Description) > maxDescription || !utf8.ValidString(c.Description) {
		return invalid("description", "the description must be UTF-8 of at most %d bytes", maxDescription)
	}
	if len(c.Resources) > MaxResources {
		return invalid("resources", "at most %d resources, not %d", MaxResources, len(c.Resources))
	}
	size := len(c.Content)
	seen := map[string]bool{}
	for _, r := range c.Resources {
		if err := ValidResourceName(r.Name); err != nil {
			return err
		}
		if seen[r.Name] {
			return invalid("resources", "resource %q appears twice", r.Name)
		}
		seen[r.Name] = true
		if !utf8.ValidString(r.Content) || len(r.Type) > maxTagLen {
			return invalid("resources", "resource %q must be UTF-8 text with a short type", r.Name)
		}
		size += len(r.Content) + len(r.Name)
	}
	if !utf8.ValidString(c.Content) {
		return invalid("content", "the content must be UTF-8 text")
	}
	if size > MaxContentBytes {
		return invalid("content", "content and resources are over %d bytes", MaxContentBytes)
	}
	return nil
}

// ValidResourceName accepts a relative slash-separated path without empty,
// "." or ".." segments, backslashes, control characters or a drive: a
// resource name is only ever a name, but one that would be safe as a path
// anyway.
func ValidResourceName(n string) error {
	bad := func(why string) error { return invalid("resources", "invalid resource name %q: %s", n, why) }
	switch {
	case n == "" || len(n) > maxResourceName:
		return bad("1 to 256 bytes")
	case !utf8.ValidString(n):
		return bad("not UTF-8")
	case strings.HasPrefix(n, "/") || strings.ContainsAny(n, "\\:"):
		return bad("absolute, or a backslash or colon")
	}
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return bad("a control character")
		}
	}
	for seg := range strings.SplitSeq(n, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return bad("an empty, '.' or '..' segment")
		}
	}
	return nil
}

// NormalizeScope answers a visibility scope in upper case.
func NormalizeScope(s string) (string, error) {
	up := strings.ToUpper(strings.TrimSpace(s))
	if up != ScopePublic && up != ScopePrivate {
		return "", invalid("scope", "scope must be PUBLIC or PRIVATE, not %q", s)
	}
	return up, nil
}
