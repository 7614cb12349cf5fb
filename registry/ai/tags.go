package ai

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

// Limits of biz tags, which are free text from the request; the same for
// every kind.
const (
	MaxBizTags   = 32
	maxBizTagLen = 64
)

// ParseBizTags reads a biz tag list in either form the seed shows: a JSON
// array of strings (`["ai","ops"]`, §8.12, §8.22) or a comma-separated
// list (`tag1,tag2`, §8.6, §8.9); a value that opens as JSON ('[' or '{')
// must be the array. Tags are trimmed, empty ones dropped, duplicates kept
// once, in their first order. An empty s is no tags. Every kind reads its
// biz tags here.
func ParseBizTags(field, s string) ([]string, error) {
	s = strings.TrimSpace(s)
	var raw []string
	if strings.HasPrefix(s, "[") || strings.HasPrefix(s, "{") {
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, registry.FieldErrorf(registry.KindInvalid, field,
				"%s must be a JSON array of strings or a comma-separated list: %v", field, err)
		}
	} else if s != "" {
		raw = strings.Split(s, ",")
	}
	out := []string{}
	seen := map[string]bool{}
	for _, t := range raw {
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		if err := validateBizTag(field, t); err != nil {
			return nil, err
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > MaxBizTags {
		return nil, registry.FieldErrorf(registry.KindInvalid, field, "at most %d biz tags, not %d", MaxBizTags, len(out))
	}
	return out, nil
}

// ValidateBizTags refuses a list ParseBizTags would not answer (a
// registry call given tags that were not read through it).
func ValidateBizTags(field string, tags []string) error {
	if len(tags) > MaxBizTags {
		return registry.FieldErrorf(registry.KindInvalid, field, "at most %d biz tags, not %d", MaxBizTags, len(tags))
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if t != strings.TrimSpace(t) || t == "" || seen[t] {
			return registry.FieldErrorf(registry.KindInvalid, field, "biz tag %q is empty, padded or repeated", t)
		}
		seen[t] = true
		if err := validateBizTag(field, t); err != nil {
			return err
		}
	}
	return nil
}

func validateBizTag(field, t string) error {
	if len(t) > maxBizTagLen || strings.Contains(t, ",") || hasControl(t) || !utf8.ValidString(t) {
		return registry.FieldErrorf(registry.KindInvalid, field,
			"a biz tag is at most %d bytes of UTF-8 without ',' or control characters, not %q", maxBizTagLen, t)
	}
	return nil
}

// hasControl reports whether s has an ASCII control character.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}
