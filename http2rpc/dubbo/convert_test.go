package dubbo

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
	big "github.com/dubbogo/gost/math/big"
)

// jsonValue decodes s as the bridge does, with UseNumber.
func jsonValue(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func dec(s string) *big.Decimal {
	d, err := big.NewDecFromString(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestConvertParam(t *testing.T) {
	user := func(name string, age int32) map[string]any {
		return map[string]any{"class": "com.example.User", "name": name, "age": age}
	}
	cases := []struct {
		typ, json string
		wantType  string
		want      any
	}{
		{"java.lang.String", `"héllo"`, "java.lang.String", "héllo"},
		{"String", `42`, "java.lang.String", "42"},
		{"String", `true`, "java.lang.String", "true"},
		{"String", `null`, "java.lang.String", nil},
		{"java.lang.Integer", `42`, "java.lang.Integer", int32(42)},
		{"Integer", `"-7"`, "java.lang.Integer", int32(-7)},
		{"int", `2147483647`, "int", int32(math.MaxInt32)},
		{"int", `-2147483648`, "int", int32(math.MinInt32)},
		{"int", `1e3`, "int", int32(1000)},
		{"int", `7.0`, "int", int32(7)},
		{"Integer", `null`, "java.lang.Integer", nil},
		{"java.lang.Long", `9223372036854775807`, "java.lang.Long", int64(math.MaxInt64)},
		{"long", `"-9223372036854775808"`, "long", int64(math.MinInt64)},
		{"short", `-32768`, "short", int16(math.MinInt16)},
		{"java.lang.Short", `32767`, "java.lang.Short", int16(math.MaxInt16)},
		{"byte", `-128`, "byte", int8(-128)},
		{"Byte", `127`, "java.lang.Byte", int8(127)},
		{"double", `1.5`, "double", 1.5},
		{"java.lang.Double", `"2.25"`, "java.lang.Double", 2.25},
		{"Double", `1e308`, "java.lang.Double", 1e308},
		{"float", `0.5`, "float", float32(0.5)},
		{"java.lang.Float", `3.4e38`, "java.lang.Float", float32(3.4e38)},
		{"boolean", `true`, "boolean", true},
		{"Boolean", `"FALSE"`, "java.lang.Boolean", false},
		{"java.math.BigDecimal", `12345678901234567890.123456789`, "java.math.BigDecimal", dec("12345678901234567890.123456789")},
		{"BigDecimal", `"1.50"`, "java.math.BigDecimal", dec("1.50")},
		{"java.util.Date", `"2024-02-29T12:34:56.789Z"`, "java.util.Date", time.Date(2024, 2, 29, 12, 34, 56, 789e6, time.UTC)},
		{"Date", `1700000000123`, "java.util.Date", time.UnixMilli(1700000000123).UTC()},
		{"Date", `"1700000000123"`, "java.util.Date", time.UnixMilli(1700000000123).UTC()},
		{"Date", `"2024-02-29"`, "java.util.Date", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"Date", `"2024-02-29T12:00:00+02:00"`, "java.util.Date", time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC)},
		{"java.util.List", `[1, "a", null, 1.5, {"x": true}]`, "java.util.List",
			[]any{int32(1), "a", nil, 1.5, map[string]any{"x": true}}},
		{"java.util.ArrayList", `[]`, "java.util.ArrayList", []any{}},
		{"List<java.lang.Long>", `[1, "2"]`, "java.util.List", []any{int64(1), int64(2)}},
		{"java.util.List<com.example.User>", `[{"name": "Ada", "age": 36}, {"name": "Bob", "age": 7, "class": "x.Y"}]`,
			"java.util.List", []any{user("Ada", 36), user("Bob", 7)}},
		{"java.util.Map", `{"a": 1, "b": [2], "c": {"class": "com.example.Inner", "v": 3000000000}}`, "java.util.Map",
			map[string]any{"a": int32(1), "b": []any{int32(2)}, "c": map[string]any{"class": "com.example.Inner", "v": int64(3000000000)}}},
		{"HashMap<String,Integer>", `{}`, "java.util.HashMap", map[string]any{}},
		{"int[]", `[1, -2, "3"]`, "[I", []int32{1, -2, 3}},
		{"[I", `[]`, "[I", []int32{}},
		{"long[]", `[5000000000]`, "[J", []int64{5000000000}},
		{"short[]", `[1]`, "[S", []int16{1}},
		{"byte[]", `[1, -1, 127]`, "[B", []byte{1, 0xff, 127}},
		{"byte[]", `"AQL/"`, "[B", []byte{1, 2, 0xff}},
		{"double[]", `[1.5, 2]`, "[D", []float64{1.5, 2}},
		{"float[]", `[0.25]`, "[F", []float32{0.25}},
		{"boolean[]", `[true, false]`, "[Z", []bool{true, false}},
		{"java.lang.String[]", `["a", "b"]`, "[Ljava.lang.String;", []string{"a", "b"}},
		{"[Ljava.lang.String;", `["a", null]`, "[Ljava.lang.String;", []any{"a", nil}},
		{"String[]", `[1]`, "[Ljava.lang.String;", []string{"1"}},
		{"java.lang.Integer[]", `[1, null]`, "[Ljava.lang.Integer;", []any{int32(1), nil}},
		{"com.example.User[]", `[{"name": "Ada", "age": 36}]`, "[Lcom.example.User;", []any{user("Ada", 36)}},
		{"int[][]", `[[1], [2, 3]]`, "[[I", []any{[]int32{1}, []int32{2, 3}}},
		{"[[I", `[[1]]`, "[[I", []any{[]int32{1}}},
		{"com.example.User", `{"name": "Ada", "age": 36}`, "com.example.User", user("Ada", 36)},
		{"com.example.User", `{"name": "Ada", "age": 36, "class": "com.evil.Gadget"}`, "com.example.User", user("Ada", 36)},
		{"com.example.User", `null`, "com.example.User", nil},
		{"com.example.Page<com.example.User>", `{"items": []}`, "com.example.Page", map[string]any{"class": "com.example.Page", "items": []any{}}},
		{"java.lang.Object", `{"n": 12345678901234567890123}`, "java.lang.Object", map[string]any{"n": dec("12345678901234567890123")}},
		{"Object", `"x"`, "java.lang.Object", "x"},
		{" java.lang.Integer ", `1`, "java.lang.Integer", int32(1)},
	}
	for _, c := range cases {
		got, err := ConvertParam("p", c.typ, jsonValue(t, c.json))
		if err != nil {
			t.Errorf("%s %s: %v", c.typ, c.json, err)
			continue
		}
		if got.Type != c.wantType || !reflect.DeepEqual(got.Value, c.want) {
			t.Errorf("%s %s: got %s %#v, want %s %#v", c.typ, c.json, got.Type, got.Value, c.wantType, c.want)
		}
		mustEncode(t, got.Value)
	}
}

// mustEncode: every converted value is something hessian2 encodes, and
// reads back.
func mustEncode(t testing.TB, v any) {
	t.Helper()
	e := hessian.NewEncoder()
	if err := e.Encode(v); err != nil {
		t.Fatalf("%#v does not encode: %v", v, err)
	}
	if _, err := hessian.NewDecoder(e.Buffer()).Decode(); err != nil {
		t.Fatalf("%#v does not read back: %v", v, err)
	}
}

func TestConvertParamRefuses(t *testing.T) {
	cases := []struct{ typ, json, reason string }{
		{"int", `2147483648`, "out of range of an Integer"},
		{"java.lang.Integer", `-2147483649`, "out of range"},
		{"int", `1.5`, "not an integer"},
		{"int", `"12abc"`, "not a number"},
		{"int", `"0x10"`, "not a number"},
		{"int", `true`, "not a number"},
		{"int", `null`, "null for primitive int"},
		{"int", `[1]`, "not a number"},
		{"long", `9223372036854775808`, "out of range of a Long"},
		{"long", `1e19`, "out of range of a Long"},
		{"long", `1.5e300`, "out of range of a Long"},
		{"long", `9007199254740993.0`, "cannot be read exactly"},
		{"short", `32768`, "out of range of a Short"},
		{"byte", `128`, "out of range of a Byte"},
		{"Byte", `-129`, "out of range of a Byte"},
		{"double", `1e400`, "out of range of a Double"},
		{"double", `"NaN"`, "not a number"},
		{"double", `"Infinity"`, "not a number"},
		{"float", `3.5e38`, "out of range of a Float"},
		{"boolean", `1`, "not true or false"},
		{"boolean", `"yes"`, "not true or false"},
		{"boolean", `null`, "null for primitive boolean"},
		{"String", `{"a": 1}`, "not a string"},
		{"java.math.BigDecimal", `"abc"`, "not a number"},
		{"java.math.BigDecimal", `1` + strings.Repeat("0", 90), "not a BigDecimal"},
		{"java.math.BigDecimal", `"` + strings.Repeat("1", 101) + `"`, "too long"},
		{"java.util.Date", `"yesterday"`, "neither an RFC 3339 time nor epoch milliseconds"},
		{"java.util.Date", `"0001-01-01T00:00:00Z"`, "hessian2 writes it as null"},
		{"java.util.List", `{"a": 1}`, "not a JSON array"},
		{"List<java.lang.Integer>", `[1, "x"]`, "element 1: "},
		{"java.util.Map", `[1]`, "not a JSON object"},
		{"java.util.Map", `{"_class": "com.evil.Gadget"}`, `"_class" is reserved`},
		{"com.example.User", `"Ada"`, "not a JSON object (for a com.example.User)"},
		{"com.example.User", `{"tags": {"deep": {"_class": "x"}}}`, `field "tags": field "deep": key "_class"`},
		{"int[]", `[1, null]`, "element 1: null for primitive int"},
		{"byte[]", `"not base64!"`, "base64"},
		{"byte[]", `[256]`, "out of range of a Byte"},
		{"java.util.List<int[]>", `[[1, "x"]]`, "element 0: element 1"},
		{"", `1`, "empty"},
		{"int<String>", `1`, "takes no type arguments"},
		{"java.util.List<>", `[]`, "bad type arguments"},
		{"java.util.List<String", `[]`, "bad type arguments"},
		{"java.util.List[]", `[]`, "arrays of lists"},
		{"[X", `[]`, "not a JVM array name"},
		{"[Lcom.example.User", `[]`, "not a JVM array name"},
		{"noDots", `{}`, "not a known Java type"},
		{"com.example.User;drop", `{}`, "not a known Java type"},
		{strings.Repeat("[", 20) + "I", `[]`, "deeper than"},
		{strings.Repeat("a.", 300) + "B", `{}`, "longer than"},
	}
	for _, c := range cases {
		_, err := ConvertParam("p", c.typ, jsonValue(t, c.json))
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Name != "p" || pe.Type != c.typ || !strings.Contains(pe.Reason, c.reason) {
			t.Errorf("%q %s: %v, want a ParamError saying %q", c.typ, c.json, err, c.reason)
		}
	}
}

// TestConvertNestingBounded: JSON nested past MaxDepth is refused, not
// followed down.
func TestConvertNestingBounded(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+5) + strings.Repeat("]", MaxDepth+5)
	if _, err := ConvertParam("p", "java.util.List", jsonValue(t, deep)); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Fatalf("%v, want a nesting error", err)
	}
}

// TestConvertWithoutUseNumber: float64s from a plain decoder convert the
// same way.
func TestConvertWithoutUseNumber(t *testing.T) {
	var v any
	_ = json.Unmarshal([]byte(`{"a": 1, "b": 1.5, "c": 3000000000}`), &v)
	got, err := ConvertParam("p", "java.util.Map", v)
	want := map[string]any{"a": int32(1), "b": 1.5, "c": int64(3000000000)}
	if err != nil || !reflect.DeepEqual(got.Value, want) {
		t.Fatalf("%#v %v", got.Value, err)
	}
	if got, err := ConvertParam("p", "int", 42.0); err != nil || got.Value != int32(42) {
		t.Fatalf("int from float64: %v %v", got.Value, err)
	}
}

func TestParamType(t *testing.T) {
	for in, want := range map[string]string{
		"int": "int", "Integer": "java.lang.Integer", "String[]": "[Ljava.lang.String;", "java.util.List<com.example.User>": "java.util.List",
		"Map<String, List<com.example.User>>": "java.util.Map", "com.example.User[][]": "[[Lcom.example.User;", "boolean[]": "[Z",
		"List<List<Integer>>": "java.util.List", "Date": "java.util.Date", "[Ljava.lang.Object;": "[Ljava.lang.Object;",
	} {
		if got, err := ParamType(in); err != nil || got != want {
			t.Errorf("%s: %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := ParamType("not a type"); err == nil {
		t.Error("a bad type has a name")
	}
}

func TestToJSON(t *testing.T) {
	loop := []any{"self"}
	loop = append(loop, nil)
	loop[1] = loop
	m := map[any]any{"k": "v"}
	m["me"] = m
	shared := []any{int32(1)}
	type inner struct{ Value string }
	type pojo struct {
		Name     string
		Age      int32
		Tagged   string `hessian:"renamed"`
		Skipped  string `hessian:"-"`
		private  string
		When     time.Time
		Inner    *inner
		NilInner *inner
		inner
	}
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"scalars", []any{nil, true, "s", int32(1), int64(-2), 1.5, float32(0.25)}, `[null,true,"s",1,-2,1.5,0.25]`},
		{"non-finite", []any{math.NaN(), math.Inf(1), math.Inf(-1)}, `["NaN","Infinity","-Infinity"]`},
		{"class keys dropped", map[any]any{"class": "com.example.User", "name": "Ada", int32(7): "seven",
			"inner": map[string]any{"_class": "x.Y", "v": []any{map[any]any{"class": "a.B"}}}},
			`{"7":"seven","inner":{"v":[{}]},"name":"Ada"}`},
		{"date", time.UnixMilli(1700000000123).In(time.FixedZone("X", 3600)), `"2023-11-14T22:13:20.123Z"`},
		{"big numbers", []any{dec("12345678901234567890.5"), *dec("-1.50")}, `[12345678901234567890.5,-1.50]`},
		{"bytes", []byte{1, 2}, `"AQI="`},
		{"typed slices", []any{[]int32{1, 2}, []string{"a"}}, `[[1,2],["a"]]`},
		{"struct", &pojo{Name: "Ada", Age: 36, Tagged: "t", Skipped: "s", private: "p", When: time.UnixMilli(0),
			Inner: &inner{"in"}, inner: inner{"embedded"}},
			`{"age":36,"inner":{"value":"in"},"name":"Ada","nilInner":null,"renamed":"t","value":"embedded","when":"1970-01-01T00:00:00Z"}`},
		{"cycles become null", []any{loop, m}, `[["self",null],{"k":"v","me":null}]`},
		{"shared is no cycle", []any{shared, shared}, `[[1],[1]]`},
		{"odd Go values", []any{make(chan int), func() {}}, `[null,null]`},
	}
	for _, c := range cases {
		b, err := json.Marshal(ToJSON(c.in))
		if err != nil || string(b) != c.want {
			t.Errorf("%s: %s %v, want %s", c.name, b, err, c.want)
		}
	}
}

// TestToJSONBounded: a body sharing one list many times over (2^40 leaves
// once expanded) is cut off, not walked forever.
func TestToJSONBounded(t *testing.T) {
	v := any("leaf")
	for i := 0; i < 40; i++ {
		v = []any{v, v}
	}
	start := time.Now()
	b, err := json.Marshal(ToJSON(v))
	if err != nil || time.Since(start) > 10*time.Second || !bytes.Contains(b, []byte("null")) {
		t.Fatalf("%d bytes, %v, in %v", len(b), err, time.Since(start))
	}
}

// FuzzConvert: no JSON value and no type name panics the converter, and
// what converts encodes with hessian2.
func FuzzConvert(f *testing.F) {
	seeds := []struct{ typ, json string }{
		{"int", `42`}, {"java.util.List<com.example.User>", `[{"name":"a","age":1}]`}, {"byte[]", `"AQI="`},
		{"[[I", `[[1,2]]`}, {"java.util.Map", `{"a":{"class":"x.Y","b":[1.5,null,true]}}`}, {"java.util.Date", `"2024-01-01T00:00:00Z"`},
		{"java.math.BigDecimal", `1e-7`}, {"Object", `{"_class":1}`}, {"float", `3.4e38`}, {"List<int[]>", `[[1],[2]]`},
	}
	for _, s := range seeds {
		f.Add(s.typ, s.json)
	}
	f.Fuzz(func(t *testing.T, typ, js string) {
		d := json.NewDecoder(strings.NewReader(js))
		d.UseNumber()
		var v any
		if d.Decode(&v) != nil {
			v = js // not JSON: convert the raw string, as from a query
		}
		arg, err := ConvertParam("p", typ, v)
		var pe *ParamError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("%v is no ParamError", err)
		}
		if err == nil {
			e := hessian.NewEncoder()
			if err := e.Encode(arg.Value); err != nil {
				t.Fatalf("%s %s: %#v does not encode: %v", typ, js, arg.Value, err)
			}
			_, _ = json.Marshal(ToJSON(arg.Value))
		}
	})
}
