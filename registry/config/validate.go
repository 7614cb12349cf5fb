package config

import (
	"strings"
	"unicode"

	"github.com/causeway-dev/causeway/registry"
)

// Limits. Nacos's own columns bound dataId and group; the messages follow
// the wording of its ParamUtils so that scripts matching on them work.
const (
	MaxDataIDBytes        = 256
	MaxGroupBytes         = 128
	MaxTenantBytes        = 128
	DefaultMaxContent     = 10 << 20 // Nacos's PropertyUtil.maxContent
	MaxTags               = 5
	MaxTagBytes           = 64
	MaxDescBytes          = 128
	MaxTypeBytes          = 32
	maxAppNameBytes       = 128
	maxSrcUserBytes       = 128
	validPunctuationChars = "_-.:"
)

// ValidName reports whether s is letters, digits and _ - . : only, as Nacos
// allows for dataId, group and tenant.
func ValidName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(validPunctuationChars, r) {
			return false
		}
	}
	return true
}

func invalid(field, format string, args ...any) error {
	return registry.FieldErrorf(registry.KindInvalid, field, format, args...)
}

// ValidateKey checks a key as given by a client (tenant not yet normalised).
func ValidateKey(tenant, group, dataID string) error {
	if err := ValidateTenant(tenant); err != nil {
		return err
	}
	switch {
	case dataID == "":
		return registry.Missing("dataId")
	case !ValidName(dataID):
		return invalid("dataId", "invalid dataId : %s", dataID)
	case len(dataID) > MaxDataIDBytes:
		return invalid("dataId", "too long dataId, over %d", MaxDataIDBytes)
	case group == "":
		return registry.Missing("group")
	case !ValidName(group):
		return invalid("group", "invalid group : %s", group)
	case len(group) > MaxGroupBytes:
		return invalid("group", "too long group, over %d", MaxGroupBytes)
	}
	return nil
}

// ValidateTenant checks a namespace id; empty is the default namespace.
func ValidateTenant(tenant string) error {
	if tenant == "" {
		return nil
	}
	if !ValidName(tenant) {
		return invalid("tenant", "invalid tenant")
	}
	if len(tenant) > MaxTenantBytes {
		return invalid("tenant", "too long tenant, over %d", MaxTenantBytes)
	}
	return nil
}

// validatePublish checks everything a publish carries besides the key.
func validatePublish(in PublishInput, maxContent int) error {
	if strings.TrimSpace(in.Content) == "" {
		return invalid("content", "content is blank : %s", in.Content)
	}
	if javaLength(in.Content) > maxContent {
		return invalid("content", "invalid content, over %d", maxContent) // as ContentTooLong
	}
	if err := validateTags(in.ConfigTags); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"desc", in.Desc, MaxDescBytes},
		{"type", in.Type, MaxTypeBytes},
		{"appName", in.AppName, maxAppNameBytes},
		{"srcUser", in.SrcUser, maxSrcUserBytes},
	} {
		if len(f.value) > f.max {
			return invalid(f.name, "too long %s, over %d", f.name, f.max)
		}
	}
	return nil
}

// javaLength is the length Nacos measures: Java's String.length(), in
// UTF-16 code units (a character outside the BMP counts two).
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

func validateTags(tags string) error {
	if tags == "" {
		return nil
	}
	list := strings.Split(tags, ",")
	if len(list) > MaxTags {
		return invalid("config_tags", "too much config_tags, over %d", MaxTags)
	}
	for _, t := range list {
		if len(t) > MaxTagBytes {
			return invalid("config_tags", "too long tag, over %d", MaxTagBytes)
		}
	}
	return nil
}

// knownTypes are the config types Nacos accepts; others are stored as text.
var knownTypes = map[string]bool{
	"properties": true, "xml": true, "json": true, "text": true, "html": true, "yaml": true, "toml": true,
}

func normalizeType(t string) string {
	if knownTypes[strings.ToLower(t)] {
		return strings.ToLower(t)
	}
	return "text"
}
