package ai

import (
	"strings"

	"github.com/causeway-dev/causeway/registry/naming"
)

// DefaultNamespace is the namespace of a request that names none, as in
// the rest of Nacos 3.
const DefaultNamespace = "public"

// Namespace answers ns, DefaultNamespace when it is blank, or why it
// cannot be a namespace id. Every kind of the AI registry reads its
// namespace here, with the rule every other dialect uses
// (naming.ValidateNamespace: KindNamespace, which Nacos answers 400/22000),
// so an id valid for a service is valid for a prompt and no '/' or
// control character reaches a store key through it.
func Namespace(ns string) (string, error) {
	if strings.TrimSpace(ns) == "" {
		return DefaultNamespace, nil
	}
	if err := naming.ValidateNamespace(ns); err != nil {
		return "", err
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
