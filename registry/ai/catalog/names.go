package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/ai"
)

// DefaultNamespace is the namespace of a request that names none
// (ai.DefaultNamespace, named here for the gateway's MCP routes).
const DefaultNamespace = ai.DefaultNamespace

// Bounds of the names the AI registry keys by.
const (
	MaxNameLen    = 256
	MaxVersionLen = 64
)

// validName checks a resource name or version of field: not blank, at
// most max bytes of printable UTF-8 without '/' (names and versions are
// parts of store keys).
func validName(field, s string, max int) error {
	switch {
	case strings.TrimSpace(s) == "":
		return registry.Missing(field)
	case len(s) > max:
		return registry.FieldErrorf(registry.KindInvalid, field, "'%s' is longer than %d bytes", field, max)
	case !utf8.ValidString(s) || strings.ContainsRune(s, '/') || strings.IndexFunc(s, notPrintable) >= 0:
		return registry.FieldErrorf(registry.KindInvalid, field, "'%s' must be printable text without '/'", field)
	}
	return nil
}

func notPrintable(r rune) bool { return !unicode.IsPrint(r) }
