package tenancy

import (
	"regexp"

	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Limits. The id rule is the naming registry's, so every namespace created
// here is usable there. Nacos leaves name and description to its database
// columns (tenant_name varchar(128), tenant_desc varchar(256)), which fail
// with a server error; Causeway refuses them up front instead.
const (
	MaxIDLen   = naming.MaxNamespaceLen
	MaxNameLen = 128
	MaxDescLen = 256
)

var (
	idPattern = regexp.MustCompile(`^[\w-]+$`)
	// namePattern is NamespaceControllerV2's: non-empty, none of @#$%^&*.
	namePattern = regexp.MustCompile(`^[^@#$%^&*]+$`)
)

// ValidateID checks a custom namespace id with NamespaceControllerV2's
// messages, pattern first as it checks them.
func ValidateID(id string) error {
	if !idPattern.MatchString(id) {
		return registry.FieldErrorf(registry.KindNamespace, "namespaceId",
			"namespaceId [%s] mismatch the pattern", id)
	}
	if len(id) > MaxIDLen {
		return registry.FieldErrorf(registry.KindNamespace, "namespaceId",
			"too long namespaceId, over %d", MaxIDLen)
	}
	return nil
}

// ValidateName checks a namespace name.
func ValidateName(name string) error {
	if !namePattern.MatchString(name) {
		return registry.FieldErrorf(registry.KindNamespace, "namespaceName",
			"namespaceName [%s] contains illegal char", name)
	}
	if len([]rune(name)) > MaxNameLen {
		return registry.FieldErrorf(registry.KindNamespace, "namespaceName",
			"too long namespaceName, over %d", MaxNameLen)
	}
	return nil
}

// ValidateDesc checks a namespace description; any text is allowed.
func ValidateDesc(desc string) error {
	if len([]rune(desc)) > MaxDescLen {
		return registry.FieldErrorf(registry.KindNamespace, "namespaceDesc",
			"too long namespaceDesc, over %d", MaxDescLen)
	}
	return nil
}
