package dubbo

// The bridge takes parameters from JSON bodies (decoded with UseNumber:
// json.Number, string, bool, nil, []any, map[string]any) and from paths,
// queries and headers (strings), and must send each as its declared Java
// type. ConvertParam makes the Go value hessian2 encodes as that type,
// and refuses what does not fit rather than truncate it: a JSON number
// too large for an Integer, 1.5 for a long, 300 for a byte.
//
// POJOs go the generic-invocation way: a map with a "class" key naming
// the class, which the provider's generic filter realizes. The declared
// class names the top-level object; nested objects are typed only by a
// "class" key of their own, else they stay maps.

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	big "github.com/dubbogo/gost/math/big"
)

// ParamError is a parameter that does not convert to its Java type.
type ParamError struct {
	Name, Type, Reason string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("parameter %q (%s): %s", e.Name, e.Type, e.Reason)
}

// Arg is a converted parameter: the Java type name to send in
// Invocation.ParamTypes and the value to send in Invocation.Args.
type Arg struct {
	Type  string
	Value any
}

// ConvertParam converts v, parameter name's value, to javaType: a
// primitive or its box (int, java.lang.Integer, Integer ...), String,
// java.math.BigDecimal, java.util.Date, a list (java.util.List,
// java.util.List<com.example.User>), a map, an array (int[],
// java.lang.String[], [Ljava.lang.String;, com.example.User[]),
// java.lang.Object (any JSON), or a POJO by its class name. Errors are
// *ParamError.
func ConvertParam(name, javaType string, v any) (Arg, error) {
	t, err := parseType(javaType)
	if err != nil {
		return Arg{}, &ParamError{Name: name, Type: javaType, Reason: err.Error()}
	}
	out, err := convert(v, t, 0)
	if err != nil {
		return Arg{}, &ParamError{Name: name, Type: javaType, Reason: err.Error()}
	}
	return Arg{Type: t.name, Value: out}, nil
}

// ParamType answers the Java type name a call sends for javaType
// (java.util.List<com.example.User> is java.util.List, int[] is [I).
func ParamType(javaType string) (string, error) {
	t, err := parseType(javaType)
	if err != nil {
		return "", &ParamError{Type: javaType, Reason: err.Error()}
	}
	return t.name, nil
}

func convert(v any, t *javaType, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("nested deeper than %d", MaxDepth)
	}
	if v == nil {
		if t.primitive {
			return nil, fmt.Errorf("null for primitive %s", t.name)
		}
		return nil, nil
	}
	switch t.kind {
	case kindString:
		return toString(v)
	case kindInt, kindLong, kindShort, kindByte:
		return toInteger(v, t.kind)
	case kindDouble, kindFloat:
		return toFloat(v, t.kind == kindFloat)
	case kindBoolean:
		return toBool(v)
	case kindBigDecimal:
		return toDecimal(v)
	case kindDate:
		return toDate(v)
	case kindList:
		return toList(v, t.elem, depth)
	case kindArray:
		return toArray(v, t.elem, depth)
	case kindMap:
		return toMap(v, depth)
	case kindPOJO:
		return toPOJO(v, t.name, depth)
	}
	return generic(v, depth)
}

// toString takes a string, and a number or boolean as its JSON text.
func toString(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return fmt.Sprint(x), nil
	}
	if s, ok := numberText(v); ok {
		return s, nil
	}
	return nil, fmt.Errorf("%s is not a string", describe(v))
}

func toBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return nil, fmt.Errorf("%s is not true or false", describe(v))
}

func toDecimal(v any) (any, error) {
	s, ok := numberText(v)
	if !ok {
		return nil, fmt.Errorf("%s is not a number", describe(v))
	}
	if len(s) > 100 {
		return nil, fmt.Errorf("%d characters is too long for a BigDecimal here", len(s))
	}
	d, err := big.NewDecFromString(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a BigDecimal: %w", s, err)
	}
	return d, nil
}

// toDate reads an RFC 3339 time, a date (midnight UTC), or milliseconds
// since the epoch (as a number or a string of digits).
func toDate(v any) (any, error) {
	if s, ok := v.(string); ok {
		for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
			if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
				return checkDate(t)
			}
		}
	}
	ms, err := toInteger(v, kindLong)
	if err != nil {
		return nil, fmt.Errorf("%s is neither an RFC 3339 time nor epoch milliseconds", describe(v))
	}
	return checkDate(time.UnixMilli(ms.(int64)))
}

// checkDate refuses the one instant hessian2 would send as null; a Date
// is an instant, so its zone goes.
func checkDate(t time.Time) (any, error) {
	if t.Equal(time.Time{}) {
		return nil, fmt.Errorf("0001-01-01T00:00:00Z cannot be sent (hessian2 writes it as null)")
	}
	return t.UTC(), nil
}

func toList(v any, elem *javaType, depth int) (any, error) {
	in, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a JSON array", describe(v))
	}
	out := make([]any, len(in))
	for i, x := range in {
		var err error
		if elem == nil {
			out[i], err = generic(x, depth+1)
		} else {
			out[i], err = convert(x, elem, depth+1)
		}
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
	}
	return out, nil
}

func toMap(v any, depth int) (any, error) {
	in, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a JSON object", describe(v))
	}
	return genericMap(in, depth)
}

// toPOJO makes the map a generic call sends for an object of class: its
// fields, and "class" naming the declared class.
func toPOJO(v any, class string, depth int) (any, error) {
	in, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a JSON object (for a %s)", describe(v), class)
	}
	m, err := genericMap(in, depth)
	if err != nil {
		return nil, err
	}
	m["class"] = class
	return m, nil
}

// toArray makes a primitive array a typed hessian2 list ([int, [long ...),
// byte[] binary (from numbers or base64), String[] a string list, and
// other arrays lists of their converted elements.
func toArray(v any, elem *javaType, depth int) (any, error) {
	if s, ok := v.(string); ok && elem.kind == kindByte && elem.primitive {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("a string for byte[] must be base64: %w", err)
		}
		return b, nil
	}
	list, err := toList(v, elem, depth)
	if err != nil {
		return nil, err
	}
	if elem.primitive || elem.kind == kindString {
		return typedArray(list.([]any), elem), nil
	}
	return list, nil
}
