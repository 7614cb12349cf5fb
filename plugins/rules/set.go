package rules

import (
	"bytes"
	"errors"

	"github.com/causeway-dev/causeway/plugins/internal/conf"
)

// Reserved keys of the convention; everything else belongs to the plugin.
const (
	keyRules       = "_rules_"
	keyMatchRoute  = "_match_route_"
	keyMatchDomain = "_match_domain_"
)

// Set is a plugin's parsed configuration: an optional default and the
// rules that override it.
type Set[T any] struct {
	def    T
	hasDef bool
	rules  []rule[T]
}

// rule is one `_rules_` entry. Exactly one of routes and domains is set.
type rule[T any] struct {
	routes  []string
	domains []domain
	config  T
}

// Parse reads a pluginConfig. parse turns one configuration object (the
// default, or a rule without its match key) into the plugin's own type and
// is where the plugin validates it: it takes the fields it knows and ends
// with the object's Done, which refuses the others. Empty input is the
// empty object, as Envoy hands over no configuration when none was given.
func Parse[T any](raw []byte, parse func(*conf.Object) (T, error)) (*Set[T], error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	top, err := conf.ParseObject(raw)
	if err != nil {
		return nil, conf.Wrap("pluginConfig", err)
	}
	s := &Set[T]{}
	rawRules, hasRules := top.Pop(keyRules)
	if hasRules {
		if s.rules, err = parseRules(rawRules, parse); err != nil {
			return nil, err
		}
	}
	// A pluginConfig of rules alone means "only where a rule matches";
	// anything next to them, or no rules at all, is the default.
	if !hasRules || top.Len() > 0 {
		if s.def, err = parse(top); err != nil {
			return nil, err
		}
		s.hasDef = true
	}
	return s, nil
}

func parseRules[T any](raw conf.Value, parse func(*conf.Object) (T, error)) ([]rule[T], error) {
	items, ok := raw.Array()
	if !ok {
		return nil, errors.New(keyRules + ": must be an array of objects")
	}
	out := make([]rule[T], 0, len(items))
	for i, item := range items {
		r, err := parseRule(item, parse)
		if err != nil {
			return nil, conf.Wrap(conf.Index(keyRules, i), err)
		}
		out = append(out, r)
	}
	return out, nil
}

func parseRule[T any](raw conf.Value, parse func(*conf.Object) (T, error)) (rule[T], error) {
	var r rule[T]
	fields, ok := raw.Object()
	if !ok {
		return r, errors.New("must be a JSON object")
	}
	rawRoutes, byRoute := fields.Pop(keyMatchRoute)
	rawDomains, byDomain := fields.Pop(keyMatchDomain)
	if byRoute == byDomain {
		return r, errors.New("must have exactly one of " + keyMatchRoute + " and " + keyMatchDomain)
	}
	var err error
	if byRoute {
		if r.routes, err = parseRoutes(rawRoutes); err != nil {
			return r, err
		}
	} else if r.domains, err = parseDomains(rawDomains); err != nil {
		return r, err
	}
	r.config, err = parse(fields)
	return r, err
}

// stringList reads a non-empty array of non-empty strings.
func stringList(key string, raw conf.Value) ([]string, error) {
	out, ok := raw.Strings()
	if !ok || len(out) == 0 {
		return nil, errors.New(key + ": must be a non-empty array of strings")
	}
	for i, s := range out {
		if s == "" {
			return nil, errors.New(conf.Index(key, i) + ": must not be empty")
		}
	}
	return out, nil
}

// For answers the configuration for a request on the Envoy route named
// routeName to host (the :authority, port and all): the first rule that
// matches, else the default. false means no configuration applies and the
// plugin lets the request through untouched.
func (s *Set[T]) For(routeName, host string) (T, bool) {
	route := gatewayRoute(routeName)
	host = hostname(host)
	for i := range s.rules {
		if s.rules[i].matches(route, host) {
			return s.rules[i].config, true
		}
	}
	return s.def, s.hasDef
}

func (r *rule[T]) matches(route, host string) bool {
	for _, name := range r.routes {
		if name == route {
			return true
		}
	}
	for _, d := range r.domains {
		if d.matches(host) {
			return true
		}
	}
	return false
}
