package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
// is where the plugin validates it. Empty input is the empty object, as
// Envoy hands over no configuration when none was given.
func Parse[T any](raw []byte, parse func(json.RawMessage) (T, error)) (*Set[T], error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	top, err := object(raw)
	if err != nil {
		return nil, fmt.Errorf("pluginConfig: %w", err)
	}
	s := &Set[T]{}
	rawRules, hasRules := top[keyRules]
	if hasRules {
		delete(top, keyRules)
		if s.rules, err = parseRules(rawRules, parse); err != nil {
			return nil, err
		}
	}
	// A pluginConfig of rules alone means "only where a rule matches";
	// anything next to them, or no rules at all, is the default.
	if !hasRules || len(top) > 0 {
		if s.def, err = parseObject(top, parse); err != nil {
			return nil, err
		}
		s.hasDef = true
	}
	return s, nil
}

func parseRules[T any](raw json.RawMessage, parse func(json.RawMessage) (T, error)) ([]rule[T], error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		return nil, errors.New(keyRules + ": must be an array of objects")
	}
	out := make([]rule[T], 0, len(items))
	for i, item := range items {
		r, err := parseRule(item, parse)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", keyRules, i, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func parseRule[T any](raw json.RawMessage, parse func(json.RawMessage) (T, error)) (rule[T], error) {
	var r rule[T]
	fields, err := object(raw)
	if err != nil {
		return r, err
	}
	rawRoutes, byRoute := fields[keyMatchRoute]
	rawDomains, byDomain := fields[keyMatchDomain]
	if byRoute == byDomain {
		return r, errors.New("must have exactly one of " + keyMatchRoute + " and " + keyMatchDomain)
	}
	delete(fields, keyMatchRoute)
	delete(fields, keyMatchDomain)
	if byRoute {
		if r.routes, err = parseRoutes(rawRoutes); err != nil {
			return r, err
		}
	} else if r.domains, err = parseDomains(rawDomains); err != nil {
		return r, err
	}
	r.config, err = parseObject(fields, parse)
	return r, err
}

// parseObject hands the plugin its fields back as one JSON object.
func parseObject[T any](fields map[string]json.RawMessage, parse func(json.RawMessage) (T, error)) (T, error) {
	b, err := json.Marshal(fields)
	if err != nil {
		var zero T
		return zero, err
	}
	return parse(b)
}

// object decodes a JSON object; null, arrays and scalars are refused,
// where json.Unmarshal would take null for an empty map.
func object(raw []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errors.New("must be a JSON object")
	}
	return m, nil
}

// stringList decodes a non-empty array of non-empty strings.
func stringList(key string, raw json.RawMessage) ([]string, error) {
	var out []string
	if err := json.Unmarshal(raw, &out); err != nil || len(out) == 0 {
		return nil, errors.New(key + ": must be a non-empty array of strings")
	}
	for i, s := range out {
		if s == "" {
			return nil, fmt.Errorf("%s[%d]: must not be empty", key, i)
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
