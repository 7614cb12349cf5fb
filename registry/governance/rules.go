package governance

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

type ruleInput struct {
	Precedence int               `json:"precedence"`
	Match      json.RawMessage   `json:"match"`
	Route      []json.RawMessage `json:"route"`
}

type ruleMatchInput struct {
	Headers map[string]json.RawMessage `json:"headers"`
}

type routeTargetInput struct {
	Name   string            `json:"name"`
	Weight *int              `json:"weight"`
	Tags   map[string]string `json:"tags"`
}

// ParseRules parses the gray-release rules of a service (the body of
// PUT .../route-rule/microservices/{service}): a JSON array of at most
// MaxRules rules. Each rule has at least one weighted group; weights are
// 0-100 and sum to at most 100 per rule (the rest goes to instances of no
// listed group); a lone group without a weight gets 100, while several
// groups must each carry one. The answer is sorted by precedence, highest
// first (stable). Errors name the field ("rules[1].route[0].weight").
func ParseRules(raw json.RawMessage) ([]Rule, error) {
	var in []json.RawMessage
	if isAbsent(raw) {
		return nil, invalid("rules", "a JSON array of rules is required")
	}
	if err := decodeStrict("rules", raw, &in); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, invalid("rules", "at least one rule is required (DELETE removes a service's rules)")
	}
	if len(in) > MaxRules {
		return nil, invalid("rules", "at most %d rules are allowed", MaxRules)
	}
	out := make([]Rule, 0, len(in))
	for i, r := range in {
		rule, err := parseRule(i, r)
		if err != nil {
			return nil, err
		}
		out = append(out, rule)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Precedence > out[j].Precedence })
	return out, nil
}

func parseRule(i int, raw json.RawMessage) (Rule, error) {
	field := fmt.Sprintf("rules[%d]", i)
	var in ruleInput
	if isAbsent(raw) {
		return Rule{}, invalid(field, "must be an object")
	}
	if err := decodeStrict(field, raw, &in); err != nil {
		return Rule{}, err
	}
	r := Rule{Precedence: in.Precedence}
	var err error
	if r.Headers, err = parseRuleMatch(field+".match", in.Match); err != nil {
		return Rule{}, err
	}
	if r.Routes, err = parseTargets(field, i, in.Route); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// parseRuleMatch reads a rule's header conditions: one of exact, regex or
// prefix per header, sorted by (lower-cased) name.
func parseRuleMatch(field string, raw json.RawMessage) ([]NamedMatch, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	var in ruleMatchInput
	if err := decodeStrict(field, raw, &in); err != nil {
		return nil, err
	}
	if len(in.Headers) > MaxConditions {
		return nil, invalid(field+".headers", "at most %d headers are allowed", MaxConditions)
	}
	var out []NamedMatch
	for _, name := range sortedKeys(in.Headers) {
		f := field + ".headers." + name
		if problem := registry.HeaderNameProblem(name); problem != "" {
			return nil, invalid(f, "%q %s", name, problem)
		}
		var ops map[string]json.RawMessage
		if err := decodeStrict(f, in.Headers[name], &ops); err != nil || ops == nil {
			return nil, invalid(f, "must be an object with one of exact, regex and prefix")
		}
		sms, err := parseOps(f, ops, true)
		if err != nil {
			return nil, err
		}
		if len(sms) != 1 {
			return nil, invalid(f, "exactly one of exact, regex and prefix is required")
		}
		sm := sms[0]
		problem := ""
		if sm.Op == OpRegex {
			problem = registry.RegexProblem(sm.Value)
		} else {
			problem = registry.HeaderValueProblem(sm.Value, sm.Op == OpExact)
		}
		if problem != "" {
			return nil, invalid(f+"."+sm.Op, "%s", problem)
		}
		out = append(out, NamedMatch{Name: strings.ToLower(name), StringMatch: sm})
	}
	return out, nil
}

// parseTargets reads a rule's weighted groups and fills the lone group's
// weight.
func parseTargets(field string, rule int, raws []json.RawMessage) ([]RouteTarget, error) {
	if len(raws) == 0 {
		return nil, invalid(field+".route", "at least one route is required")
	}
	if len(raws) > MaxRouteGroups {
		return nil, invalid(field+".route", "at most %d routes are allowed", MaxRouteGroups)
	}
	out := make([]RouteTarget, 0, len(raws))
	sum := 0
	for j, raw := range raws {
		f := fmt.Sprintf("%s.route[%d]", field, j)
		var in routeTargetInput
		if isAbsent(raw) {
			return nil, invalid(f, "must be an object")
		}
		if err := decodeStrict(f, raw, &in); err != nil {
			return nil, err
		}
		t := RouteTarget{Name: in.Name, Weight: 100}
		switch {
		case in.Weight != nil:
			t.Weight = *in.Weight
		case len(raws) > 1:
			return nil, invalid(f+".weight", "is required when a rule has several routes")
		}
		if t.Weight < 0 || t.Weight > 100 {
			return nil, invalid(f+".weight", "must be 0-100")
		}
		sum += t.Weight
		if err := checkTags(f+".tags", in.Tags); err != nil {
			return nil, err
		}
		t.Tags = in.Tags
		out = append(out, t)
	}
	if sum > 100 {
		return nil, invalid(field+".route", "weights of rule %d sum to %d, over 100", rule, sum)
	}
	return out, nil
}

// checkTags: at least one tag (a group of every instance is no group),
// names and values not empty and bounded.
func checkTags(field string, tags map[string]string) error {
	if len(tags) == 0 {
		return invalid(field, "at least one tag is required")
	}
	if len(tags) > MaxTags {
		return invalid(field, "at most %d tags are allowed", MaxTags)
	}
	for _, k := range sortedKeys(tags) {
		if k == "" || len(k) > MaxLabelLen {
			return invalid(field, "a tag name must be 1-%d bytes", MaxLabelLen)
		}
		if v := tags[k]; v == "" || len(v) > MaxLabelLen {
			return invalid(field+"."+k, "must be 1-%d bytes", MaxLabelLen)
		}
	}
	return nil
}
