package ai

import "github.com/causeway-dev/causeway/registry"

// DefaultNamespace is the namespace of a request that names none, as in
// the rest of Nacos 3.
const DefaultNamespace = "public"

// maxNamespaceLen bounds a namespace id, as Nacos's namespace form does.
const maxNamespaceLen = 128

// Namespace answers ns, DefaultNamespace when it is empty, or why it
// cannot be a namespace id. Ids are key segments, so no '/' and no
// control characters may reach a store key through them.
func Namespace(ns string) (string, error) {
	if ns == "" {
		return DefaultNamespace, nil
	}
	if len(ns) > maxNamespaceLen || !isName(ns, "_-.") {
		return "", registry.FieldErrorf(registry.KindInvalid, "namespaceId",
			"namespaceId must be 1-%d letters, digits, '_', '-' or '.', not %q", maxNamespaceLen, ns)
	}
	return ns, nil
}

// isName reports whether s is non-empty and made of ASCII letters, digits
// and the given punctuation only.
func isName(s, punct string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		for j := 0; !ok && j < len(punct); j++ {
			ok = c == punct[j]
		}
		if !ok {
			return false
		}
	}
	return true
}
