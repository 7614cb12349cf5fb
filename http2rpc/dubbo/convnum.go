package dubbo

// Numbers arrive as JSON numbers (json.Number, or float64 from a decoder
// without UseNumber) or as strings from paths and queries. Each is read
// exactly: an integer type takes 1e3 and 7.0 but not 1.5, and a value
// outside the type's range is an error, never wrapped around.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var decimalLiteral = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// numberText answers a number's decimal text.
func numberText(v any) (string, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = strings.TrimSpace(x)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		s = strconv.FormatFloat(float64(x), 'g', -1, 32)
	case int, int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		s = fmt.Sprint(x)
	default:
		return "", false
	}
	return s, decimalLiteral.MatchString(s)
}

var integerTypes = map[typeKind]struct {
	bits int
	name string
}{kindInt: {32, "an Integer"}, kindLong: {64, "a Long"}, kindShort: {16, "a Short"}, kindByte: {8, "a Byte"}}

// toInteger answers v as the Go integer hessian2 sends for kind: int32,
// int64, int16 or int8.
func toInteger(v any, kind typeKind) (any, error) {
	s, ok := numberText(v)
	if !ok {
		return nil, fmt.Errorf("%s is not a number", describe(v))
	}
	n, err := parseInteger(s)
	if err != nil {
		return nil, err
	}
	r := integerTypes[kind]
	if lo, hi := -(int64(1) << (r.bits - 1)), int64(1)<<(r.bits-1)-1; r.bits < 64 && (n < lo || n > hi) {
		return nil, fmt.Errorf("%s is out of range of %s (%d to %d)", s, r.name, lo, hi)
	}
	switch kind {
	case kindInt:
		return int32(n), nil
	case kindShort:
		return int16(n), nil
	case kindByte:
		return int8(n), nil
	}
	return n, nil
}

// parseInteger reads an integer, also written with a fraction of zero or
// an exponent, as long as it is exact.
func parseInteger(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err == nil {
		return n, nil
	}
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%s is out of range of a Long", s)
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%q is not a number", s)
	case math.IsInf(f, 0) || math.Abs(f) >= 1<<63:
		return 0, fmt.Errorf("%s is out of range of a Long", s)
	case f != math.Trunc(f):
		return 0, fmt.Errorf("%s is not an integer", s)
	case math.Abs(f) >= 1<<53: // past 2^53 a double may already be rounded
		return 0, fmt.Errorf("%s cannot be read exactly; write it without a fraction or exponent", s)
	}
	return int64(f), nil
}

// toFloat answers v as a float64 (double) or float32 (float).
func toFloat(v any, single bool) (any, error) {
	s, ok := numberText(v)
	if !ok {
		return nil, fmt.Errorf("%s is not a number", describe(v))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%s is out of range of a Double", s)
	}
	if !single {
		return f, nil
	}
	if math.Abs(f) > math.MaxFloat32 {
		return nil, fmt.Errorf("%s is out of range of a Float", s)
	}
	return float32(f), nil
}

// genericNumber reads a number of no declared type as Java's JSON
// readers do: an Integer when it fits, else a Long, else a BigDecimal
// for a longer integer, and a Double for one with a fraction.
func genericNumber(s string) (any, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int32(n), nil
		}
		return n, nil
	}
	if !decimalLiteral.MatchString(s) {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	if !strings.ContainsAny(s, ".eE") {
		return toDecimal(s)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%s is out of range of a Double", s)
	}
	return f, nil
}

// floatValue is a float64 with no declared type, as from a JSON decoder
// without UseNumber: integral ones become integers as genericNumber's.
func floatValue(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("%v is not a number JSON can hold", f)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return genericNumber(strconv.FormatInt(int64(f), 10))
	}
	return f, nil
}
