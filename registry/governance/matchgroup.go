package governance

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

type matchGroupInput struct {
	Alias   *string           `json:"alias"`
	Matches []json.RawMessage `json:"matches"`
}

// matchInput is one match as ServiceComb writes it. Operator objects are
// read by parseOps, which names the offending operator.
type matchInput struct {
	Name        string                     `json:"name"`
	APIPath     map[string]json.RawMessage `json:"apiPath"`
	Headers     map[string]json.RawMessage `json:"headers"`
	Queries     map[string]json.RawMessage `json:"queries"`
	Method      []string                   `json:"method"`
	ServiceName string                     `json:"serviceName"`
}

// methods a match may name; ServiceComb's list.
var methods = map[string]bool{"GET": true, "POST": true, "PUT": true, "DELETE": true, "PATCH": true, "HEAD": true, "OPTIONS": true}

func parseMatchGroup(raw json.RawMessage) (*MatchGroupSpec, error) {
	var in matchGroupInput
	if err := decodeStrict("spec", raw, &in); err != nil {
		return nil, err
	}
	if len(in.Matches) == 0 {
		return nil, invalid("spec.matches", "at least one match is required")
	}
	if len(in.Matches) > MaxMatches {
		return nil, invalid("spec.matches", "at most %d matches are allowed", MaxMatches)
	}
	s := &MatchGroupSpec{}
	if in.Alias != nil {
		s.Alias = *in.Alias
	}
	for i, raw := range in.Matches {
		m, err := parseMatch(fmt.Sprintf("spec.matches[%d]", i), raw)
		if err != nil {
			return nil, err
		}
		s.Matches = append(s.Matches, m)
	}
	return s, nil
}

func parseMatch(field string, raw json.RawMessage) (Match, error) {
	var in matchInput
	if isAbsent(raw) {
		return Match{}, invalid(field, "must be an object")
	}
	if err := decodeStrict(field, raw, &in); err != nil {
		return Match{}, err
	}
	m := Match{Name: in.Name, ServiceName: in.ServiceName}
	if len(in.APIPath) > 0 {
		ops, err := parseOps(field+".apiPath", in.APIPath, false)
		if err != nil {
			return Match{}, err
		}
		if len(ops) != 1 {
			return Match{}, invalid(field+".apiPath", "exactly one of exact, prefix, suffix and contains is required")
		}
		if err := checkPathValue(field+".apiPath."+ops[0].Op, ops[0].Value); err != nil {
			return Match{}, err
		}
		m.APIPath = &ops[0]
	}
	var err error
	if m.Headers, err = parseNamed(field+".headers", in.Headers, true); err != nil {
		return Match{}, err
	}
	if m.Queries, err = parseNamed(field+".queries", in.Queries, false); err != nil {
		return Match{}, err
	}
	if m.Methods, err = parseMethods(field+".method", in.Method); err != nil {
		return Match{}, err
	}
	if in.ServiceName != "" {
		if err := checkLabel(field+".serviceName", in.ServiceName); err != nil {
			return Match{}, err
		}
	}
	return m, nil
}

// parseNamed reads header or query conditions: name -> operators, all of
// which must hold. Header names are lower-cased, as HTTP/2 and Envoy carry
// them; query names are case-sensitive.
func parseNamed(field string, in map[string]json.RawMessage, headers bool) ([]NamedMatch, error) {
	if len(in) > MaxConditions {
		return nil, invalid(field, "at most %d conditions are allowed", MaxConditions)
	}
	var out []NamedMatch
	for _, name := range sortedKeys(in) {
		f := field + "." + name
		if headers {
			if problem := registry.HeaderNameProblem(name); problem != "" {
				return nil, invalid(f, "%q %s", name, problem)
			}
		} else if name == "" || len(name) > registry.MaxHeaderNameLen {
			return nil, invalid(f, "a query parameter name must be 1-%d bytes", registry.MaxHeaderNameLen)
		}
		var ops map[string]json.RawMessage
		if err := decodeStrict(f, in[name], &ops); err != nil || ops == nil {
			return nil, invalid(f, "must be an object of operators (exact, prefix, suffix, contains)")
		}
		sms, err := parseOps(f, ops, false)
		if err != nil {
			return nil, err
		}
		if len(sms) == 0 {
			return nil, invalid(f, "at least one of exact, prefix, suffix and contains is required")
		}
		if headers {
			name = strings.ToLower(name)
		}
		for _, sm := range sms {
			if problem := registry.HeaderValueProblem(sm.Value, sm.Op == OpExact); problem != "" {
				return nil, invalid(f+"."+sm.Op, "%s", problem)
			}
			out = append(out, NamedMatch{Name: name, StringMatch: sm})
		}
	}
	return out, nil
}

// parseOps reads an operator object: {"<op>": value, ...,
// "caseInsensitive": bool}, the flag applying to every operator. The
// answer is sorted by operator. regex is allowed in route rules only;
// ServiceComb's compare (numeric comparison) has no Envoy counterpart.
func parseOps(field string, in map[string]json.RawMessage, regex bool) ([]StringMatch, error) {
	ci := false
	var out []StringMatch
	for _, op := range sortedKeys(in) {
		f := field + "." + op
		raw := in[op]
		switch op {
		case "caseInsensitive":
			if err := json.Unmarshal(raw, &ci); err != nil {
				return nil, invalid(f, "must be a boolean")
			}
			continue
		case OpExact, OpPrefix, OpSuffix, OpContains:
			if regex && (op == OpSuffix || op == OpContains) {
				return nil, invalid(f, "is not an operator of a route rule (exact, regex, prefix)")
			}
		case OpRegex:
			if !regex {
				return nil, invalid(f, "regex is not supported here (exact, prefix, suffix, contains)")
			}
		case "compare":
			return nil, invalid(f, "compare is not supported")
		default:
			return nil, invalid(f, "is not an operator")
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil || isAbsent(raw) {
			return nil, invalid(f, "must be a string")
		}
		out = append(out, StringMatch{Op: op, Value: v})
	}
	for i := range out {
		out[i].CaseInsensitive = ci
	}
	return out, nil
}

// checkPathValue checks a path operand: not empty, bounded, printable (a
// request path carries no white space).
func checkPathValue(field, v string) error {
	if v == "" {
		return invalid(field, "must not be empty")
	}
	if len(v) > registry.MaxMatchValueLen {
		return invalid(field, "must be at most %d bytes", registry.MaxMatchValueLen)
	}
	if strings.IndexFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return invalid(field, "%q must not contain white space or control characters", v)
	}
	return nil
}

// parseMethods upper-cases the methods and checks them.
func parseMethods(field string, in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i, m := range in {
		u := strings.ToUpper(strings.TrimSpace(m))
		if !methods[u] {
			return nil, invalid(fmt.Sprintf("%s[%d]", field, i), "%q is not GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS", m)
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
