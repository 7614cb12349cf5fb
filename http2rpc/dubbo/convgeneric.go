package dubbo

// Values with no declared type (java.lang.Object, map values, a POJO's
// fields, a raw List's elements) are converted by what the JSON holds:
// numbers as genericNumber reads them, arrays as lists, objects as maps,
// a nested "class" key kept as the object's class.

import (
	"encoding/json"
	"fmt"
	"time"

	big "github.com/dubbogo/gost/math/big"
)

func generic(v any, depth int) (any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("nested deeper than %d", MaxDepth)
	}
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case json.Number:
		return genericNumber(string(x))
	case float64:
		return floatValue(x)
	case []any:
		return toList(x, nil, depth)
	case map[string]any:
		return genericMap(x, depth)
	case int8, int16, int32, int64, float32, time.Time, *big.Decimal:
		return x, nil // already what hessian2 sends
	case int:
		return genericNumber(fmt.Sprint(x))
	}
	return nil, fmt.Errorf("%T cannot be sent", v)
}

func genericMap(in map[string]any, depth int) (map[string]any, error) {
	out := make(map[string]any, len(in)+1)
	for k, x := range in {
		if k == "_class" {
			return nil, fmt.Errorf(`key "_class" is reserved (hessian2 would send the map as an object of that class)`)
		}
		c, err := generic(x, depth+1)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", k, err)
		}
		out[k] = c
	}
	return out, nil
}

// typedArray makes converted elements the slice hessian2 sends as a
// primitive array ([int, [long ...; byte[] as binary) or a String[]
// ([string). A String[] holding null stays a list.
func typedArray(list []any, elem *javaType) any {
	switch elem.kind {
	case kindInt:
		return typed[int32](list)
	case kindLong:
		return typed[int64](list)
	case kindShort:
		return typed[int16](list)
	case kindByte:
		b := make([]byte, len(list))
		for i, x := range list {
			b[i] = byte(x.(int8))
		}
		return b
	case kindDouble:
		return typed[float64](list)
	case kindFloat:
		return typed[float32](list)
	case kindBoolean:
		return typed[bool](list)
	}
	for _, x := range list {
		if x == nil {
			return list
		}
	}
	return typed[string](list)
}

func typed[T any](list []any) []T {
	out := make([]T, len(list))
	for i, x := range list {
		out[i] = x.(T)
	}
	return out
}

// describe names a value in an error, briefly.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return fmt.Sprintf("the string %q", x)
	case json.Number:
		return "the number " + string(x)
	case bool:
		return fmt.Sprint(x)
	case []any:
		return "a JSON array"
	case map[string]any:
		return "a JSON object"
	}
	return fmt.Sprintf("a %T", v)
}
