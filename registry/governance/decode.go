package governance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/causeway-dev/causeway/registry"
)

// ParseSpec parses the raw spec of a rule of kind into its typed spec (see
// Policy.Parsed), with ServiceComb's defaults. Unknown and ill-typed fields
// are refused, naming the field ("spec.maxAttempts"), so that a typo never
// passes silently as a default.
func ParseSpec(kind Kind, raw json.RawMessage) (any, error) {
	if isAbsent(raw) {
		return nil, invalid("spec", "is required (a JSON object)")
	}
	switch kind {
	case KindMatchGroup:
		return parseMatchGroup(raw)
	case KindRetry:
		return parseRetry(raw)
	case KindRateLimiting:
		return parseRateLimit(raw)
	case KindLoadBalance:
		return parseLoadBalance(raw)
	case KindCircuitBreaker, KindInstanceIsolation:
		return parseCircuitBreaker(raw)
	case KindFaultInjection:
		return parseFault(raw)
	case KindBulkhead:
		return parseBulkhead(raw)
	}
	return nil, validateKind(kind)
}

// decodeStrict decodes the JSON object raw into v, strictly; errors name
// the field under prefix.
func decodeStrict(prefix string, raw json.RawMessage, v any) error {
	return registry.DecodeStrict(raw, prefix, v)
}

// intOr answers *p, def when absent.
func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// positive checks an optional integer above 0 and at most limit, answering
// it or def.
func positive(field string, p *int, def, limit int) (int, error) {
	v := intOr(p, def)
	if v <= 0 || v > limit {
		return 0, invalid(field, "must be 1-%d", limit)
	}
	return v, nil
}

// statusCodes reads a list of HTTP statuses, as integers or numeric strings
// (ServiceComb's YAML has strings), 100-599, duplicates dropped. An absent
// or empty list answers def, as ServiceComb fills an empty one.
func statusCodes(field string, raws []json.RawMessage, def []int) ([]int, error) {
	if len(raws) == 0 {
		return append([]int(nil), def...), nil
	}
	if len(raws) > MaxStatuses {
		return nil, invalid(field, "at most %d statuses are allowed", MaxStatuses)
	}
	out := make([]int, 0, len(raws))
	seen := map[int]bool{}
	for i, raw := range raws {
		f := fmt.Sprintf("%s[%d]", field, i)
		s := string(raw)
		if strings.HasPrefix(s, `"`) {
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, invalid(f, "must be an HTTP status")
			}
		}
		code, err := strconv.Atoi(s)
		if err != nil || code < 100 || code > 599 {
			return nil, invalid(f, "%s is not an HTTP status (100-599)", raw)
		}
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	return out, nil
}
