package ai

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// maxVersionLen bounds a version string.
const maxVersionLen = 64

// ValidateVersion refuses a version that is not 1-64 letters, digits,
// '.', '-', '_' or '+' starting with a letter or digit ("1.0.1",
// "1.0.1-draft" as the seed's examples, "1.0.0+build" as semantic
// versions allow): the rule of every versioned kind (prompts, skills,
// agent specs).
func ValidateVersion(field, v string) error {
	if len(v) > maxVersionLen || !isName(v, ".-_+") || !isName(v[:1], "") {
		return registry.FieldErrorf(registry.KindInvalid, field,
			"%s must be 1-%d letters, digits, '.', '-', '_' or '+' starting with a letter or digit, not %q",
			field, maxVersionLen, v)
	}
	return nil
}

// CompareVersions orders versions the way semantic versions are: the
// dot-separated segments before the first '-' compare numerically when
// both are numbers (text otherwise, a number before text), a missing
// segment counts as 0, and a version with a '-suffix' comes before the
// same version without one; versions equal by these rules but spelled
// differently compare as text, so only equal strings answer 0.
func CompareVersions(a, b string) int {
	ca, pa, hasA := strings.Cut(a, "-")
	cb, pb, hasB := strings.Cut(b, "-")
	sa, sb := strings.Split(ca, "."), strings.Split(cb, ".")
	for i := range max(len(sa), len(sb)) {
		if c := compareSegment(segment(sa, i), segment(sb, i)); c != 0 {
			return c
		}
	}
	switch {
	case hasA && !hasB:
		return -1
	case !hasA && hasB:
		return 1
	}
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	return strings.Compare(a, b) // "1.0" and "1.0.0" are distinct versions
}

func segment(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "0"
}

func compareSegment(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// NextVersion answers the version after v: its last numeric segment
// (before any '-suffix') plus one, "1.0.0" for an empty v, and v + ".1"
// when it ends in text.
func NextVersion(v string) string {
	if v == "" {
		return "1.0.0"
	}
	core, _, _ := strings.Cut(v, "-")
	segs := strings.Split(core, ".")
	last := segs[len(segs)-1]
	if n, err := strconv.ParseUint(last, 10, 63); err == nil {
		segs[len(segs)-1] = strconv.FormatUint(n+1, 10)
		return strings.Join(segs, ".")
	}
	return core + ".1"
}

// Newest answers the highest of versions by CompareVersions, "" when
// there are none.
func Newest(versions []string) string {
	hi := ""
	for _, v := range versions {
		if hi == "" || CompareVersions(v, hi) > 0 {
			hi = v
		}
	}
	return hi
}
