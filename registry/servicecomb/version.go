package servicecomb

import (
	"slices"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// version is a parsed microservice version: up to four dot-separated
// numbers of at most 32767 each, as service-center allows.
type version [4]int32

// maxVersionPart is service-center's bound on one part of a version.
const maxVersionPart = 32767

// parseVersion reads "1", "1.0" ... "1.0.0.0".
func parseVersion(s string) (version, bool) {
	var v version
	if s == "" || len(s) > 64 {
		return v, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > len(v) {
		return v, false
	}
	for i, p := range parts {
		if p == "" || len(p) > 5 || strings.TrimLeft(p, "0123456789") != "" {
			return v, false
		}
		n, err := strconv.ParseInt(p, 10, 32)
		if err != nil || n > maxVersionPart {
			return v, false
		}
		v[i] = int32(n)
	}
	return v, true
}

func (v version) less(o version) bool {
	return slices.Compare(v[:], o[:]) < 0
}

// ruleKind is how a find's version rule selects.
type ruleKind int

const (
	ruleAll     ruleKind = iota // no rule: every version
	ruleLatest                  // "latest": the highest version present
	ruleAtLeast                 // "1.0.0+"
	ruleRange                   // "1.0.0-2.0.0": from, end excluded
	ruleExact                   // "1.0.0"
)

// VersionRule is a parsed find version rule.
type VersionRule struct {
	kind     ruleKind
	from, to version
}

// ParseVersionRule reads a find's version rule: "" or absent (every
// version), "latest", "x+", "a-b" (b excluded) or an exact version. A rule
// that is none of these is a KindInvalid error on "version".
func ParseVersionRule(s string) (VersionRule, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "0+" || s == "0.0.0+":
		return VersionRule{kind: ruleAll}, nil
	case s == "latest":
		return VersionRule{kind: ruleLatest}, nil
	case strings.HasSuffix(s, "+"):
		if v, ok := parseVersion(s[:len(s)-1]); ok {
			return VersionRule{kind: ruleAtLeast, from: v}, nil
		}
	case strings.Contains(s, "-"):
		a, b, _ := strings.Cut(s, "-")
		va, okA := parseVersion(a)
		vb, okB := parseVersion(b)
		if okA && okB {
			return VersionRule{kind: ruleRange, from: va, to: vb}, nil
		}
	default:
		if v, ok := parseVersion(s); ok {
			return VersionRule{kind: ruleExact, from: v}, nil
		}
	}
	return VersionRule{}, registry.FieldErrorf(registry.KindInvalid, "version",
		"version rule %q is not latest, x+, a-b or a version", s)
}

// String answers the rule in its canonical form, a cache key.
func (r VersionRule) String() string {
	f := func(v version) string {
		return strconv.Itoa(int(v[0])) + "." + strconv.Itoa(int(v[1])) + "." +
			strconv.Itoa(int(v[2])) + "." + strconv.Itoa(int(v[3]))
	}
	switch r.kind {
	case ruleLatest:
		return "latest"
	case ruleAtLeast:
		return f(r.from) + "+"
	case ruleRange:
		return f(r.from) + "-" + f(r.to)
	case ruleExact:
		return f(r.from)
	}
	return ""
}

// selects answers which of versions the rule keeps (one flag each); a
// version that does not parse is kept only by the all-versions rule.
func (r VersionRule) selects(versions []string) []bool {
	keep := make([]bool, len(versions))
	var latest version
	found := false
	if r.kind == ruleLatest {
		for _, s := range versions {
			if v, ok := parseVersion(s); ok && (!found || latest.less(v)) {
				latest, found = v, true
			}
		}
	}
	for i, s := range versions {
		if r.kind == ruleAll {
			keep[i] = true
			continue
		}
		v, ok := parseVersion(s)
		if !ok {
			continue
		}
		switch r.kind {
		case ruleLatest:
			keep[i] = found && v == latest
		case ruleAtLeast:
			keep[i] = !v.less(r.from)
		case ruleRange:
			keep[i] = !v.less(r.from) && v.less(r.to)
		case ruleExact:
			keep[i] = v == r.from
		}
	}
	return keep
}
