package governance

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxDuration bounds every duration of a spec: longer ones mean a typo, and
// the bound keeps arithmetic on them far from overflowing.
const MaxDuration = 24 * time.Hour

var errNotDuration = errors.New(`is not a duration: milliseconds ("1500") or ISO-8601 ("PT1.5S", "1M30S")`)

// ParseDuration reads a duration the way ServiceComb does: digits are
// milliseconds; anything else is an ISO-8601 time duration with or without
// its leading "PT" ("PT1S", "1S", "PT0.5S", "1M", "2H30M"), letters in any
// case. Only seconds may carry a fraction, as in java.time.Duration; "100MS"
// is not ISO-8601 and is refused. Negative durations are refused too.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errNotDuration
	}
	if isDigits(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > MaxDuration.Milliseconds() {
			return 0, errTooLong
		}
		return time.Duration(ms) * time.Millisecond, nil
	}
	u := strings.ToUpper(s)
	u = strings.TrimPrefix(u, "PT")
	if u == "" {
		return 0, errNotDuration
	}
	return parseISOTime(u)
}

var errTooLong = errors.New("must be at most 24h")

// parseISOTime reads the part of an ISO-8601 duration after "PT": hours,
// minutes and seconds, each at most once and in that order.
func parseISOTime(u string) (time.Duration, error) {
	var total float64
	units := []struct {
		suffix byte
		unit   time.Duration
	}{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
	next := 0
	for u != "" {
		i := strings.IndexAny(u, "HMS")
		if i <= 0 {
			return 0, errNotDuration
		}
		num, suffix := u[:i], u[i]
		for next < len(units) && units[next].suffix != suffix {
			next++
		}
		if next == len(units) {
			return 0, errNotDuration // out of order or repeated
		}
		if !isDecimal(num, suffix == 'S') {
			return 0, errNotDuration
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, errNotDuration
		}
		total += v * float64(units[next].unit)
		if total > float64(MaxDuration) {
			return 0, errTooLong
		}
		next++
		u = u[i+1:]
	}
	return time.Duration(math.Round(total)), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDecimal: digits, with one fraction ("0.5") when fraction is allowed.
func isDecimal(s string, fraction bool) bool {
	whole, frac, found := strings.Cut(s, ".")
	if !found {
		return isDigits(whole)
	}
	return fraction && isDigits(whole) && isDigits(frac)
}

// durationOf reads a spec duration: a JSON number of milliseconds or a
// string ParseDuration reads. Absent (nil or null) answers def.
func durationOf(field string, raw json.RawMessage, def time.Duration) (time.Duration, error) {
	if isAbsent(raw) {
		return def, nil
	}
	var s string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, invalid(field, "must be a duration string or a number of milliseconds")
		}
	} else {
		s = string(raw)
		if strings.HasPrefix(s, "-") {
			return 0, invalid(field, "must not be negative")
		}
		if !isDigits(s) {
			return 0, invalid(field, "must be a duration string or a whole number of milliseconds, not %s", s)
		}
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(strings.ToUpper(s), "PT-") {
		return 0, invalid(field, "must not be negative")
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, invalid(field, "%q %v", s, err)
	}
	return d, nil
}

// isAbsent tells a missing or null JSON value.
func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}
