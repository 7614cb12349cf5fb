package registry

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// Bounds of the values a request matcher may carry (gateway routes,
// governance rules). They keep Envoy configuration small and every record
// far below the store's value limit.
const (
	MaxMatchValueLen = 1024 // paths, regexes, header values
	MaxHeaderNameLen = 128
	// maxRegexCost: Envoy's default re2.max_program_size.error_level is
	// 100; RE2 counts a few more than regexCost.
	maxRegexCost = 96
)

// HeaderNameProblem answers what is wrong with a header name, "" when
// nothing. Pseudo-headers are refused: the host and method have matchers
// of their own.
func HeaderNameProblem(name string) string {
	if name == "" {
		return "is required"
	}
	if len(name) > MaxHeaderNameLen {
		return "is longer than 128 characters"
	}
	if name[0] == ':' {
		return "is a pseudo-header; use domains or methods"
	}
	for _, c := range name {
		if !isTokenChar(c) {
			return "is not an HTTP header name"
		}
	}
	return ""
}

// isTokenChar is RFC 9110's tchar.
func isTokenChar(c rune) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.ContainsRune("!#$%&'*+-.^_`|~", c)
}

// HeaderValueProblem answers what is wrong with an exact or prefix value,
// "" when nothing: bounded, no control characters (no request can carry
// them), not empty unless emptyOK.
func HeaderValueProblem(v string, emptyOK bool) string {
	if v == "" && !emptyOK {
		return "must not be empty"
	}
	if len(v) > MaxMatchValueLen {
		return fmt.Sprintf("must be at most %d bytes", MaxMatchValueLen)
	}
	if strings.IndexFunc(v, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }) >= 0 {
		return "must not contain control characters"
	}
	return ""
}

// RegexProblem answers why Envoy's RE2 would refuse a regex, "" when it
// would not. Go's regexp is RE2 syntax, so compiling it is the syntax
// check. Envoy also refuses programs bigger than its
// re2.max_program_size.error_level (100 by default), which regexCost
// estimates.
func RegexProblem(v string) string {
	if v == "" {
		return "must not be empty"
	}
	if len(v) > MaxMatchValueLen {
		return fmt.Sprintf("must be at most %d bytes", MaxMatchValueLen)
	}
	if _, err := regexp.Compile(v); err != nil {
		return fmt.Sprintf("%q is not an RE2 regular expression: %v", v, err)
	}
	re, _ := syntax.Parse(v, syntax.Perl) // regexp.Compile parsed it just so
	prog, err := syntax.Compile(re.Simplify())
	if err != nil || regexCost(prog) > maxRegexCost {
		return fmt.Sprintf("%q is too complex for Envoy (its RE2 program size limit is 100); simplify it", v)
	}
	return ""
}

// regexCost estimates RE2's program size from Go's program for the same
// regex. Both compile the same way, one instruction per step, except that
// RE2 matches UTF-8 bytes: a character class costs about one instruction
// per ASCII range plus a few for its non-ASCII part, and "." two. Measured
// against Envoy 1.40 it errs on the strict side: [a-zA-Z0-9._-]{0,14} and
// .{0,25} pass, [a-zA-Z0-9._-]{0,20} and .{0,45} (RE2 sizes 105 and 140)
// do not.
func regexCost(prog *syntax.Prog) int {
	n := 0
	for _, in := range prog.Inst {
		switch in.Op {
		case syntax.InstRune:
			n += classCost(in.Rune)
		case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			n += 2
		default:
			n++
		}
	}
	return n
}

// classCost is a class's share: its ASCII ranges, plus at most 7 for
// ranges beyond ASCII (RE2 shares their UTF-8 suffixes).
func classCost(ranges []rune) int {
	ascii, other := 0, 0
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] < 0x80 {
			ascii++
		} else {
			other++
		}
	}
	return max(1, ascii+min(other, 7))
}
