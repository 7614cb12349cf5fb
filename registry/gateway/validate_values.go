package gateway

import (
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
)

// checkPath checks a path or path prefix: absolute, printable, bounded.
func checkPath(field, v string) error {
	if !strings.HasPrefix(v, "/") {
		return invalid(field, "%q must start with '/'", v)
	}
	if len(v) > MaxValueLen {
		return invalid(field, "must be at most %d bytes", MaxValueLen)
	}
	if strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return invalid(field, "%q must not contain white space or control characters", v)
	}
	return nil
}

// checkRegex makes sure Envoy's RE2 accepts a regex. Go's regexp is RE2
// syntax, so compiling it is the syntax check. Envoy also refuses programs
// bigger than its re2.max_program_size.error_level (100 by default), which
// regexCost estimates.
func checkRegex(field, v string) error {
	if v == "" {
		return invalid(field, "must not be empty")
	}
	if len(v) > MaxValueLen {
		return invalid(field, "must be at most %d bytes", MaxValueLen)
	}
	if _, err := regexp.Compile(v); err != nil {
		return invalid(field, "%q is not an RE2 regular expression: %v", v, err)
	}
	re, _ := syntax.Parse(v, syntax.Perl) // regexp.Compile parsed it just so
	prog, err := syntax.Compile(re.Simplify())
	if err != nil || regexCost(prog) > maxRegexCost {
		return invalid(field, "%q is too complex for Envoy (its RE2 program size limit is 100); simplify it", v)
	}
	return nil
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

// domainProblem answers what is wrong with a virtual host domain, "" when
// nothing: "*", "*.example.com", "host" or "host:port" (also after "*.").
func domainProblem(d string) string {
	if d == "*" {
		return ""
	}
	if len(d) > MaxDomainLen {
		return "is longer than 253 characters"
	}
	host := strings.TrimPrefix(d, "*.")
	if h, port, found := strings.Cut(host, ":"); found {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return "has a port that is not 1-65535"
		}
		host = h
	}
	for _, label := range strings.Split(host, ".") {
		if !validLabel(label) {
			return "is not a host name, *.host name, host:port or *"
		}
	}
	return ""
}

// validLabel is one DNS label: 1-63 letters, digits or hyphens, not
// starting or ending with a hyphen.
func validLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, c := range l {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// headerNameProblem answers what is wrong with a header name, "" when
// nothing. Pseudo-headers are refused: the host is matched by domains and
// the method by methods.
func headerNameProblem(name string) string {
	if name == "" {
		return "is required"
	}
	if len(name) > MaxNameLen*2 {
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

// checkHeaderValue checks an exact or prefix value: bounded, no control
// characters (no request can carry them); a prefix must not be empty.
func checkHeaderValue(field, v string, emptyOK bool) error {
	if v == "" && !emptyOK {
		return invalid(field, "must not be empty")
	}
	if len(v) > MaxValueLen {
		return invalid(field, "must be at most %d bytes", MaxValueLen)
	}
	if strings.IndexFunc(v, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }) >= 0 {
		return invalid(field, "must not contain control characters")
	}
	return nil
}
