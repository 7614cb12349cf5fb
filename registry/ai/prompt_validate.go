package ai

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Limits of a prompt's free-form fields. A version is one store value
// (at most 1 MiB), so its template and variables together stay well
// below that.
const (
	maxPromptKeyLen   = 128
	MaxTemplateBytes  = 512 << 10
	MaxVariablesBytes = 64 << 10
	maxCommitMsgLen   = 1024
	maxDescriptionLen = 4096
)

// ValidatePromptKey refuses a key that is not 1-128 letters, digits, '_',
// '-', '.' or ':'; keys are store key segments.
func ValidatePromptKey(key string) error {
	if key == "" {
		return registry.FieldErrorf(registry.KindMissing, "promptKey", "Required parameter 'promptKey' is not present")
	}
	if len(key) > maxPromptKeyLen || !isName(key, "_-.:") {
		return registry.FieldErrorf(registry.KindInvalid, "promptKey",
			"promptKey must be 1-%d letters, digits, '_', '-', '.' or ':', not %q", maxPromptKeyLen, key)
	}
	return nil
}

// ValidateTemplate refuses an empty or oversized template, or one that is
// not UTF-8 text.
func ValidateTemplate(t string) error {
	switch {
	case strings.TrimSpace(t) == "":
		return registry.FieldErrorf(registry.KindMissing, "template", "Required parameter 'template' is not present")
	case len(t) > MaxTemplateBytes:
		return registry.FieldErrorf(registry.KindInvalid, "template", "template is %d bytes, at most %d", len(t), MaxTemplateBytes)
	case !utf8.ValidString(t):
		return registry.FieldErrorf(registry.KindInvalid, "template", "template is not UTF-8 text")
	}
	return nil
}

// ValidateVariables refuses variable definitions that are not a JSON
// object or array (the seed's example is {"name":"string"}) of at most
// 64 KiB. Empty is none.
func ValidateVariables(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if len(v) > MaxVariablesBytes {
		return registry.FieldErrorf(registry.KindInvalid, "variables", "variables is %d bytes, at most %d", len(v), MaxVariablesBytes)
	}
	if (v[0] != '{' && v[0] != '[') || !json.Valid([]byte(v)) {
		return registry.FieldErrorf(registry.KindInvalid, "variables", "variables must be a JSON object or array")
	}
	return nil
}

// validateText refuses a free-text field over max characters or not UTF-8.
func validateText(field, s string, max int) error {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return registry.FieldErrorf(registry.KindInvalid, field, "%s must be UTF-8 text of at most %d characters", field, max)
	}
	return nil
}
