package gateway

import (
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
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

// checkRegex makes sure Envoy's RE2 accepts a regex (registry.RegexProblem).
func checkRegex(field, v string) error {
	if problem := registry.RegexProblem(v); problem != "" {
		return invalid(field, "%s", problem)
	}
	return nil
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
// nothing (registry.HeaderNameProblem).
func headerNameProblem(name string) string { return registry.HeaderNameProblem(name) }

// checkHeaderValue checks an exact or prefix value: bounded, no control
// characters; a prefix must not be empty.
func checkHeaderValue(field, v string, emptyOK bool) error {
	if problem := registry.HeaderValueProblem(v, emptyOK); problem != "" {
		return invalid(field, "%s", problem)
	}
	return nil
}
