package dubbo

// A generic call's result is what the provider's generic filter made of
// the method's return value (maps with a "class" key for POJOs, lists,
// boxed scalars), as the hessian2 library decodes it: map[any]any,
// []any, int32, time.Time, big decimals, structs of classes it knows.
// ToJSON makes that something encoding/json can marshal, without the
// class keys, which are Java's business.

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	big "github.com/dubbogo/gost/math/big"
)

// maxJSONNodes bounds the values ToJSON visits: a body can share one list
// many times (hessian2 references), which would otherwise multiply.
const maxJSONNodes = 1 << 20

// ToJSON answers v as nil, bool, string, json.Number, numbers, []any and
// map[string]any: maps lose their "class" and "_class" keys, structs
// become maps of their fields (Java-style names), dates RFC 3339 strings
// in UTC, big decimals and integers exact json.Numbers, NaN and the
// infinities strings. A value met again inside itself (a cycle), or past
// MaxDepth or maxJSONNodes, becomes nil.
func ToJSON(v any) any {
	w := &jsonWalker{open: map[any]bool{}}
	return w.walk(v)
}

type jsonWalker struct {
	nodes, depth int
	open         map[any]bool // containers being walked, to see cycles
}

func (w *jsonWalker) walk(v any) any {
	if w.nodes++; w.nodes > maxJSONNodes || w.depth > MaxDepth {
		return nil
	}
	switch x := v.(type) {
	case nil, bool, string, json.Number, []byte, int, int8, int16, int32, int64, uint8, uint16, uint32, uint64:
		return x
	case float64:
		return jsonFloat(x)
	case float32:
		return jsonFloat(float64(x))
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case *big.Decimal:
		return bigNumber(x)
	case *big.Integer:
		return bigNumber(x)
	case big.Decimal:
		return bigNumber(&x)
	}
	return w.walkValue(reflect.ValueOf(v))
}

func bigNumber(s fmt.Stringer) any {
	if reflect.ValueOf(s).IsNil() {
		return nil
	}
	return json.Number(s.String())
}

func jsonFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return f
}

func (w *jsonWalker) walkValue(rv reflect.Value) any {
	switch rv.Kind() {
	case reflect.Pointer:
		return w.enter(rv, func() any { return w.walk(rv.Elem().Interface()) })
	case reflect.Map:
		return w.enter(rv, func() any { return w.walkMap(rv) })
	case reflect.Slice:
		return w.enter(rv, func() any { return w.walkList(rv) })
	case reflect.Array:
		return w.walkList(rv)
	case reflect.Struct:
		return w.walkStruct(rv)
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint()
	case reflect.Float32, reflect.Float64:
		return jsonFloat(rv.Float())
	}
	return nil // channels, functions: nothing a decoder makes
}

// enter walks a map, slice or pointer unless it is already being walked.
func (w *jsonWalker) enter(rv reflect.Value, walk func() any) any {
	if rv.IsNil() {
		return nil
	}
	key := any(rv.Pointer())
	if rv.Kind() == reflect.Slice {
		key = [2]uintptr{rv.Pointer(), uintptr(rv.Len())}
	}
	if w.open[key] {
		return nil
	}
	w.open[key] = true
	w.depth++
	defer func() { delete(w.open, key); w.depth-- }()
	return walk()
}

func (w *jsonWalker) walkMap(rv reflect.Value) any {
	out := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		k := text(it.Key().Interface())
		if k == "class" || k == "_class" {
			continue
		}
		out[k] = w.walk(it.Value().Interface())
	}
	return out
}

func (w *jsonWalker) walkList(rv reflect.Value) any {
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = w.walk(rv.Index(i).Interface())
	}
	return out
}

// walkStruct answers a struct's exported fields by their Java names (a
// hessian tag, or the Go name with its first letter lower case), with
// embedded structs' fields inlined.
func (w *jsonWalker) walkStruct(rv reflect.Value) any {
	out := map[string]any{}
	w.fields(rv, out)
	return out
}

func (w *jsonWalker) fields(rv reflect.Value, out map[string]any) {
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		f, fv := t.Field(i), rv.Field(i)
		name := javaFieldName(f)
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			w.fields(fv, out)
		case f.IsExported() && fv.CanInterface() && name != "-":
			out[name] = w.walk(fv.Interface())
		}
	}
}

// javaFieldName is a field's name in Java: its hessian tag ("-" for none),
// or its Go name with the first letter lower case.
func javaFieldName(f reflect.StructField) string {
	if tag, _, _ := strings.Cut(f.Tag.Get("hessian"), ","); tag != "" {
		return tag
	}
	return strings.ToLower(f.Name[:1]) + f.Name[1:]
}
