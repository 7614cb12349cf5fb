//go:build !wasm

package conf

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// plain turns a Value into what encoding/json decodes into an any.
func plain(t *testing.T, v Value) any {
	t.Helper()
	switch v.kind {
	case kindNull:
		return nil
	case kindBool:
		return v.b
	case kindNumber:
		f, err := strconv.ParseFloat(v.text, 64)
		if err != nil {
			var ne *strconv.NumError
			if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
				return "out of range"
			}
			t.Fatalf("number %q: %v", v.text, err)
		}
		return f
	case kindString:
		return v.text
	case kindArray:
		out := []any{}
		for _, item := range v.list {
			out = append(out, plain(t, item))
		}
		return out
	}
	out := map[string]any{}
	for _, k := range v.obj.keys {
		out[k] = plain(t, v.obj.fields[k])
	}
	return out
}

var jsonSeeds = []string{
	``, ` `, `{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e3`, `-12.25E-2`, `1e400`,
	`01`, `1.`, `.5`, `-`, `1e`, `+1`, `0x10`, `NaN`, `tru`, `nul`,
	`"a"`, `"\""`, `"\\\/\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`,
	`"\x"`, `"\u12"`, `"\u12g4"`, "\"a\tb\"", "\"\xff\xfe\"", "\"caf\xc3\xa9\"", `"`, `"abc`,
	`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`, `{"a":1,"a":2}`, `{"a" : [ 1 , 2 ] }`,
	`{"a":1,}`, `[1,]`, `{,}`, `{"a"}`, `{"a":}`, `{1:2}`, `[1 2]`, `{"a":1 "b":2}`,
	`{} {}`, `{}x`, " \t\r\n{}\n", `[[[[[[]]]]]]`, strings.Repeat("[", 2000) + strings.Repeat("]", 2000),
}

// Parse accepts exactly what encoding/json accepts and decodes it the
// same (nesting beyond maxDepth aside).
func FuzzParse(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := Parse(raw)
		if strings.Count(string(raw), "[")+strings.Count(string(raw), "{") > maxDepth {
			return
		}
		if valid := json.Valid(raw); (err == nil) != valid {
			t.Fatalf("Parse(%q): %v; encoding/json finds it valid: %v", raw, err, valid)
		}
		var want any
		if err != nil || json.Unmarshal(raw, &want) != nil {
			return // a number out of float64's range: a matter of types
		}
		if g := plain(t, got); !reflect.DeepEqual(g, want) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", raw, g, want)
		}
	})
}

// AppendQuote writes what encoding/json writes for a string.
func FuzzAppendQuote(f *testing.F) {
	for _, s := range []string{"", "plain", `say "hi"`, `a\b`, "tab\tnl\ncr\r", "\b\f\x00\x01\x1f\x7f",
		"<script>&</script>", "caf\u00e9", "\u2028\u2029", "\xff", "a\xc3", "\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendQuote(nil, s); string(got) != string(want) {
			t.Fatalf("AppendQuote(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}

func TestObjectReading(t *testing.T) {
	o, err := ParseObject([]byte(`{"s":"x","n":null,"l":["a","b"],"m":{"k":"v"},"i":42,"f":1.5,"o":{"x":1},
		"os":[{"a":1},{"b":2}],"bad":[1],"left":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := o.String("s"); s != "x" || err != nil {
		t.Fatalf("s: %q %v", s, err)
	}
	if s, given, err := o.OptionalString("n"); s != "" || given || err != nil {
		t.Fatalf("null is not given: %q %v %v", s, given, err)
	}
	if s, given, err := o.OptionalString("absent"); given || err != nil {
		t.Fatalf("absent: %q %v %v", s, given, err)
	}
	if l, err := o.Strings("l"); len(l) != 2 || l[1] != "b" || err != nil {
		t.Fatalf("l: %v %v", l, err)
	}
	if m, err := o.StringMap("m"); m["k"] != "v" || err != nil {
		t.Fatalf("m: %v %v", m, err)
	}
	if n, given, err := o.OptionalInt("i"); n != 42 || !given || err != nil {
		t.Fatalf("i: %v %v %v", n, given, err)
	}
	if _, _, err := o.OptionalInt("f"); err == nil || err.Error() != "f: must be an integer" {
		t.Fatalf("f: %v", err)
	}
	if x, err := o.Object("o"); err != nil || x.Len() != 1 {
		t.Fatalf("o: %v %v", x, err)
	}
	if os, err := o.Objects("os"); len(os) != 2 || err != nil {
		t.Fatalf("os: %v %v", os, err)
	}
	if _, err := o.Strings("bad"); err == nil || err.Error() != "bad: must be an array of strings" {
		t.Fatalf("bad: %v", err)
	}
	rest := o.Rest()
	if err := o.Done(); err == nil || err.Error() != `unknown field "left"` {
		t.Fatalf("Done: %v", err)
	}
	if _, given := rest.Take("left"); !given || rest.Done() != nil {
		t.Fatal("Rest does not hold what was left")
	}
	for raw, want := range map[string]string{
		`{"a":1}`: "a: must be a string", `{"a":[1]}`: "a: must be an array of strings",
		`{"a":{"k":1}}`: "a.k: must be a string", `{"a":[1]}x`: "must be a JSON object",
	} {
		o, err := ParseObject([]byte(raw))
		if err == nil {
			_, err = o.String("a")
			if strings.Contains(raw, "[") {
				o, _ = ParseObject([]byte(raw))
				_, err = o.Strings("a")
			}
			if strings.Contains(raw, "{\"k") {
				o, _ = ParseObject([]byte(raw))
				_, err = o.StringMap("a")
			}
		}
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
	base := errors.New("base")
	if w := Wrap("x", base); w.Error() != "x: base" || !errors.Is(w, base) {
		t.Fatalf("Wrap: %v", w)
	}
}
