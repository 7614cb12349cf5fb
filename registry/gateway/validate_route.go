package gateway

import (
	"fmt"
	"strings"
	"time"

	"github.com/causeway-dev/causeway/registry/naming"
)

// MaxTimeout bounds a route's timeout.
const MaxTimeout = time.Hour

// httpMethods are the methods a route may match on.
var httpMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "DELETE": true,
	"CONNECT": true, "OPTIONS": true, "TRACE": true, "PATCH": true,
}

// ValidateRoute fills the defaults of r and checks it. Defaults: path
// prefix "/" when the match has no path, destination group DEFAULT_GROUP
// and namespace public; domains are lower-cased and methods upper-cased,
// as Envoy compares them without case.
func ValidateRoute(r *Route) error {
	if !namePattern.MatchString(r.Name) {
		return invalid("name", nameRule)
	}
	if r.Destination.A2A != nil {
		return validateA2ARoute(r)
	}
	if r.Destination.MCP != nil {
		return validateMCPRoute(r)
	}
	checks := []func(*Route) error{validateDomains, validateMatch, validateDestination, validateTimeout, validateRewrite}
	for _, check := range checks {
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

func validateDomains(r *Route) error {
	if len(r.Domains) == 0 {
		return invalid("domains", "at least one domain is required (\"*\" takes every host)")
	}
	if len(r.Domains) > MaxDomains {
		return invalid("domains", "at most %d domains are allowed", MaxDomains)
	}
	seen := map[string]int{}
	for i, d := range r.Domains {
		d = strings.ToLower(strings.TrimSpace(d))
		field := fmt.Sprintf("domains[%d]", i)
		if problem := domainProblem(d); problem != "" {
			return invalid(field, "%q %s", r.Domains[i], problem)
		}
		if j, dup := seen[d]; dup {
			return invalid(field, "%q repeats domains[%d]", d, j)
		}
		seen[d] = i
		r.Domains[i] = d
	}
	return nil
}

func validateMatch(r *Route) error {
	if err := validatePath(&r.Match.Path); err != nil {
		return err
	}
	if err := validateMethods(r.Match.Methods); err != nil {
		return err
	}
	if len(r.Match.Headers) > MaxHeaders {
		return invalid("match.headers", "at most %d header matchers are allowed", MaxHeaders)
	}
	for i := range r.Match.Headers {
		if err := validateHeader(fmt.Sprintf("match.headers[%d]", i), &r.Match.Headers[i]); err != nil {
			return err
		}
	}
	return nil
}

func validatePath(p *PathMatch) error {
	if p.Type == "" && p.Value == "" {
		p.Type, p.Value = PathPrefix, "/"
		return nil
	}
	switch p.Type {
	case PathPrefix, PathExact:
		return checkPath("match.path.value", p.Value)
	case PathRegex:
		return checkRegex("match.path.value", p.Value)
	case "":
		return invalid("match.path.type", "is required with a value (prefix, exact or regex)")
	}
	return invalid("match.path.type", "%q must be prefix, exact or regex", p.Type)
}

func validateMethods(methods []string) error {
	seen := map[string]bool{}
	for i, m := range methods {
		m = strings.ToUpper(strings.TrimSpace(m))
		field := fmt.Sprintf("match.methods[%d]", i)
		if !httpMethods[m] {
			return invalid(field, "%q is not an HTTP method (GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH)", methods[i])
		}
		if seen[m] {
			return invalid(field, "%s is listed twice", m)
		}
		seen[m] = true
		methods[i] = m
	}
	return nil
}

func validateHeader(field string, h *HeaderMatch) error {
	if problem := headerNameProblem(h.Name); problem != "" {
		return invalid(field+".name", "%q %s", h.Name, problem)
	}
	set := 0
	for _, v := range []*string{h.Exact, h.Prefix, h.Regex} {
		if v != nil {
			set++
		}
	}
	if set != 1 {
		return invalid(field, "exactly one of exact, prefix and regex is required")
	}
	switch {
	case h.Exact != nil:
		return checkHeaderValue(field+".exact", *h.Exact, true)
	case h.Prefix != nil:
		return checkHeaderValue(field+".prefix", *h.Prefix, false)
	}
	return checkRegex(field+".regex", *h.Regex)
}

func validateDestination(r *Route) error {
	d := &r.Destination
	if strings.TrimSpace(d.Service) == "" {
		return invalid("destination.service", "is required")
	}
	if d.Group == "" {
		d.Group = DefaultGroup
	}
	if d.Namespace == "" {
		d.Namespace = DefaultNamespace
	}
	// The registry's own rules, so that any service it can hold is a
	// valid destination and nothing else is.
	if naming.ValidateServiceName(d.Service) != nil {
		return invalid("destination.service", "%q is not a service name (no white space or '@@', at most %d bytes)",
			d.Service, naming.MaxServiceNameLen)
	}
	if naming.ValidateGroup(d.Group) != nil {
		return invalid("destination.group", "%q is not a group (letters, digits, '-', '_', ':', '.', at most %d)",
			d.Group, naming.MaxGroupLen)
	}
	if naming.ValidateNamespace(d.Namespace) != nil {
		return invalid("destination.namespace", "%q is not a namespace (letters, digits, '_', '-', at most %d)",
			d.Namespace, naming.MaxNamespaceLen)
	}
	if d.Port < 0 || d.Port > 65535 {
		return invalid("destination.port", "must be 1-65535, or 0 for the service's lowest port")
	}
	return nil
}

func validateTimeout(r *Route) error {
	if r.Timeout == "" {
		return nil
	}
	t, err := time.ParseDuration(r.Timeout)
	if err != nil {
		return invalid("timeout", "%q is not a duration such as 15s, 1.5s or 500ms", r.Timeout)
	}
	if t <= 0 || t > MaxTimeout {
		return invalid("timeout", "must be above 0 and at most 1h")
	}
	return nil
}

func validateRewrite(r *Route) error {
	if r.Rewrite == nil {
		return nil
	}
	if r.Match.Path.Type == PathRegex {
		// Envoy's prefix_rewrite replaces a matched prefix; a regex match
		// has none, so the result would surprise.
		return invalid("rewrite.prefix", "cannot be used with a regex path match")
	}
	return checkPath("rewrite.prefix", r.Rewrite.Prefix)
}
