package kie

import (
	"strings"
)

// Match modes of a label query.
const (
	// MatchContains: a kv matches when it has every queried label (kie's
	// default).
	MatchContains = ""
	// MatchExact: a kv matches when its label set equals the query's.
	MatchExact = "exact"
)

// KeyFilterKind says how a key filter compares.
type KeyFilterKind int

// Key filter kinds.
const (
	KeyAny       KeyFilterKind = iota // no filter
	KeyExact                          // key=name
	KeyBeginWith                      // key=beginWith(prefix)
	KeyWildcard                       // key=wildcard(a*b): * is any run
)

// KeyFilter is a parsed key= parameter.
type KeyFilter struct {
	Kind    KeyFilterKind
	Pattern string // the key, the prefix or the wildcard pattern
}

// ParseKeyFilter reads kie's key filter: an exact key, beginWith(prefix)
// or wildcard(pattern) where * matches any run of characters. "" is no
// filter.
func ParseKeyFilter(s string) (KeyFilter, error) {
	if s == "" {
		return KeyFilter{}, nil
	}
	for _, f := range []struct {
		name string
		kind KeyFilterKind
	}{{"beginWith", KeyBeginWith}, {"wildcard", KeyWildcard}} {
		inner, ok := strings.CutPrefix(s, f.name+"(")
		if !ok {
			continue
		}
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok || inner == "" {
			return KeyFilter{}, invalid("key", "%q: %s(...) needs a non-empty pattern and a closing parenthesis", s, f.name)
		}
		check := inner
		if f.kind == KeyWildcard {
			check = strings.ReplaceAll(inner, "*", "")
			if check == "" {
				return KeyFilter{Kind: KeyWildcard, Pattern: inner}, nil
			}
		}
		if len(inner) > MaxKeyBytes || !ValidKey(check) {
			return KeyFilter{}, invalid("key", "%q: the pattern may hold only letters, digits and -_.:[]", s)
		}
		return KeyFilter{Kind: f.kind, Pattern: inner}, nil
	}
	if !ValidKey(s) {
		return KeyFilter{}, invalid("key", "%q is neither a key nor beginWith(...) or wildcard(...)", s)
	}
	return KeyFilter{Kind: KeyExact, Pattern: s}, nil
}

// Matches reports whether key passes the filter.
func (f KeyFilter) Matches(key string) bool {
	switch f.Kind {
	case KeyExact:
		return key == f.Pattern
	case KeyBeginWith:
		return strings.HasPrefix(key, f.Pattern)
	case KeyWildcard:
		return wildcardMatch(f.Pattern, key)
	}
	return true
}

// wildcardMatch matches s against a pattern whose * is any run, greedily
// with backtracking to the last star only: linear in practice, never
// exponential.
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// ParseLabelQuery reads repeated label=k:v parameters: the name before the
// first colon, the value after it (it may be empty). A name given twice
// with different values can match nothing and is refused.
func ParseLabelQuery(params []string) (map[string]string, error) {
	if len(params) > MaxLabels {
		return nil, invalid("label", "at most %d labels, not %d", MaxLabels, len(params))
	}
	out := make(map[string]string, len(params))
	for _, p := range params {
		k, v, ok := strings.Cut(p, ":")
		if !ok {
			return nil, invalid("label", "%q is not name:value", p)
		}
		if old, dup := out[k]; dup && old != v {
			return nil, invalid("label", "%q is given twice with different values", k)
		}
		out[k] = v
	}
	if err := ValidateLabels(out); err != nil {
		return nil, invalid("label", "%v", err)
	}
	return out, nil
}

// ParseMatch reads the match parameter: "" (contains-all) or exact.
func ParseMatch(s string) (string, error) {
	if s != MatchContains && s != MatchExact {
		return "", invalid("match", "%q is not exact", s)
	}
	return s, nil
}

// ParseStatus reads the status filter: "" (any), enabled or disabled.
func ParseStatus(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	return NormalizeStatus(s)
}

// Query selects kvs of one project.
type Query struct {
	Labels map[string]string
	Match  string // MatchContains or MatchExact
	Key    KeyFilter
	Status string // "" is any
}

// Matches reports whether kv passes every part of q; nil never does.
func (q *Query) Matches(kv *KV) bool {
	if kv == nil || !q.Key.Matches(kv.Key) || (q.Status != "" && kv.Status != q.Status) {
		return false
	}
	if q.Match == MatchExact && len(kv.Labels) != len(q.Labels) {
		return false
	}
	for k, v := range q.Labels {
		if have, ok := kv.Labels[k]; !ok || have != v {
			return false
		}
	}
	return true
}
