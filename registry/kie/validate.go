package kie

import (
	"fmt"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// Limits. The value limit and the label count are kie's own (cari's KVDoc
// validation); the key length is seed 004 table 9-3's (2048, where kie
// says 128: the longer one is accepted so that no seed client is refused).
const (
	MaxValueBytes    = 128 << 10
	MaxLabels        = 6
	MaxKeyBytes      = 2048
	MaxLabelKeyLen   = 32
	MaxLabelValueLen = 160
	MaxProjectBytes  = 64
	// MaxIDs bounds one delete-many or export request.
	MaxIDs = 1000
	// MaxIDBytes bounds an id; kie's are 36-character UUIDs.
	MaxIDBytes = 64
)

func invalid(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, "%s: %s", field, fmt.Sprintf(format, args...))
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ValidKey reports whether s is a kie key: letters, digits and -_.:[]
// (seed 004 table 9-3), 1 to 2048 bytes.
func ValidKey(s string) bool {
	if s == "" || len(s) > MaxKeyBytes {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && !strings.ContainsRune("-_.:[]", rune(s[i])) {
			return false
		}
	}
	return true
}

// validLabelPart is kie's label rule: letters, digits and _-. that start
// and end with a letter or digit; a value may be empty.
func validLabelPart(s string, maxLen int, emptyOK bool) bool {
	if s == "" {
		return emptyOK
	}
	if len(s) > maxLen || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && !strings.ContainsRune("_-.", rune(s[i])) {
			return false
		}
	}
	return true
}

// ValidateProject checks a project id: 1 to 64 letters, digits and _-.
func ValidateProject(p string) error {
	if p == "" || len(p) > MaxProjectBytes {
		return invalid("project_id", "must be 1 to %d characters", MaxProjectBytes)
	}
	for i := 0; i < len(p); i++ {
		if !isAlnum(p[i]) && !strings.ContainsRune("_-.", rune(p[i])) {
			return invalid("project_id", "%q may hold only letters, digits and _-.", p)
		}
	}
	return nil
}

// ValidateKey checks a kv's key.
func ValidateKey(key string) error {
	switch {
	case key == "":
		return invalid("key", "is required")
	case len(key) > MaxKeyBytes:
		return invalid("key", "is longer than %d bytes", MaxKeyBytes)
	case !ValidKey(key):
		return invalid("key", "%q may hold only letters, digits and -_.:[]", key)
	}
	return nil
}

// ValidateLabels checks a label set: at most 6, each name and value
// letters, digits and _-. (names 1-32, values 0-160 characters).
func ValidateLabels(labels map[string]string) error {
	if len(labels) > MaxLabels {
		return invalid("labels", "at most %d labels, not %d", MaxLabels, len(labels))
	}
	for k, v := range labels {
		if !validLabelPart(k, MaxLabelKeyLen, false) {
			return invalid("labels", "label name %q must be 1-%d letters, digits or _-. starting and ending with a letter or digit", k, MaxLabelKeyLen)
		}
		if !validLabelPart(v, MaxLabelValueLen, true) {
			return invalid("labels", "label %s value %q must be at most %d letters, digits or _-. starting and ending with a letter or digit", k, v, MaxLabelValueLen)
		}
	}
	return nil
}

// ValidateValue checks a value's size.
func ValidateValue(v string) error {
	if len(v) > MaxValueBytes {
		return invalid("value", "is %d bytes, more than %d", len(v), MaxValueBytes)
	}
	return nil
}

// NormalizeValueType answers the lower-case value type ("" is text), or an
// error for a type kie does not know. The seed spells them TEXT, YAML,
// JSON, Properties, INI, XML; kie stores them lower case.
func NormalizeValueType(t string) (string, error) {
	switch lt := strings.ToLower(t); lt {
	case "":
		return TypeText, nil
	case TypeText, TypeJSON, TypeYAML, TypeProperties, TypeINI, TypeXML:
		return lt, nil
	}
	return "", invalid("value_type", "%q is not one of text, json, yaml, properties, ini, xml", t)
}

// NormalizeStatus answers the status ("" is enabled), or an error for one
// that is neither enabled nor disabled.
func NormalizeStatus(s string) (string, error) {
	switch s {
	case "":
		return StatusEnabled, nil
	case StatusEnabled, StatusDisabled:
		return s, nil
	}
	return "", invalid("status", "%q is neither enabled nor disabled", s)
}

// validIDShape is a cheap bound on ids from clients: anything else cannot
// name a stored kv.
func validIDShape(id string) bool {
	if id == "" || len(id) > MaxIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !isAlnum(id[i]) && id[i] != '-' {
			return false
		}
	}
	return true
}

func notFound(id string) error {
	return registry.FieldErrorf(registry.KindNotFound, "kv_id", "kv %s does not exist", id)
}
