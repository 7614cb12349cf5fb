package dubbo

import (
	"bytes"
	"reflect"
	"testing"

	hessian "github.com/apache/dubbo-go-hessian2"
)

// javaTypedMaps is what Java's hessian2 (hessian-lite 4.0.3, Dubbo 3.3)
// writes for the list [LinkedHashMap{a=null, b=1}, LinkedList[null, "x"],
// TreeMap{c=null}, LinkedHashMap{d=null}, LinkedList["y"]]: the second
// LinkedHashMap and LinkedList name their types by number (0 and 1).
var javaTypedMaps = []byte("\x7d" +
	"\x4d\x17java.util.LinkedHashMap\x01a\x4e\x01b\x91\x5a" +
	"\x72\x14java.util.LinkedList\x4e\x01x" +
	"\x4d\x11java.util.TreeMap\x01c\x4e\x5a" +
	"\x4d\x90\x01d\x4e\x5a" +
	"\x71\x91\x01y")

var javaTypedMapsValue = []any{
	map[any]any{"a": nil, "b": int32(1)},
	[]any{nil, "x"},
	map[any]any{"c": nil},
	map[any]any{"d": nil},
	[]any{"y"},
}

// A Java provider's LinkedHashMap or TreeMap with a null value keeps the
// key: the library alone would drop it.
func TestDecodeResponseKeepsNullsOfTypedMaps(t *testing.T) {
	lib, err := hessian.NewDecoder(javaTypedMaps).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(lib, javaTypedMapsValue) {
		t.Log("the hessian2 library keeps typed maps' nulls now: untypedMaps may go")
	}
	f := Frame{Header: Header{Serialization: SerializationHessian2, Status: StatusOK},
		Body: append([]byte{0x90 + ResponseValue}, javaTypedMaps...)}
	r, err := DecodeResponse(f)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Value, javaTypedMapsValue) {
		t.Errorf("decoded %#v,\nwant %#v", r.Value, javaTypedMapsValue)
	}
}

func TestUntypedMaps(t *testing.T) {
	long := bytes.Repeat([]byte{'x'}, 20)
	cases := []struct {
		name     string
		in, want []byte
	}{
		{"no typed map", []byte("\x7a\x01M\x91"), []byte("\x7a\x01M\x91")},
		{"Java's list of typed maps and lists", javaTypedMaps, []byte("\x7d" +
			"\x48\x01a\x4e\x01b\x91\x5a" +
			"\x72\x14java.util.LinkedList\x4e\x01x" +
			"\x48\x01c\x4e\x5a" +
			"\x48\x01d\x4e\x5a" +
			"\x71\x90\x01y")}, // LinkedList is type 0 now
		{"a list names a type first seen on a map", []byte("\x7b\x4d\x01T\x5a\x71\x01T\x91\x71\x90\x92"),
			[]byte("\x7b\x48\x5a\x71\x01T\x91\x71\x90\x92")},
		{"renumbered past one byte", append(append(typeDefs(60, 'M'), typeDefs(1, 'L')...), 0x71, 0xc8, 60, 0x91),
			append(append(bytes.Repeat([]byte{'H', 'Z'}, 60), typeDefs(1, 'L')...), 0x71, 0x90, 0x91)},
		{"a list of a map's type is left to the decoder", []byte("\x7a\x4d\x01T\x5a\x71\x90\x91"), []byte("\x7a\x4d\x01T\x5a\x71\x90\x91")},
		{"malformed is left to the checks", append([]byte{'M', 0x14}, long...), append([]byte{'M', 0x14}, long...)},
	}
	for _, c := range cases {
		if got := untypedMaps(c.in); !bytes.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// typeDefs answers n typed values, each defining a type of its own: empty
// typed maps (kind 'M') or one-element typed lists ('L').
func typeDefs(n int, kind byte) []byte {
	var b []byte
	for i := 0; i < n; i++ {
		name := []byte{kind, byte('A' + i/26), byte('a' + i%26)}
		if kind == 'M' {
			b = append(append(append(b, 'M', byte(len(name))), name...), 'Z')
		} else {
			b = append(append(append(b, 0x71, byte(len(name))), name...), 0x90)
		}
	}
	return b
}

func TestAppendIntDecodes(t *testing.T) {
	for _, n := range []int{0, 47, 48, 2047, 2048, 262143, 262144, 1 << 30} {
		v, err := hessian.NewDecoder(appendInt(nil, n)).Decode()
		if err != nil || v != int32(n) {
			t.Errorf("%d: decoded %v, %v", n, v, err)
		}
	}
}

// Untyping keeps a body well-formed, has nothing left to do a second
// time, and the library decodes what it answers without a panic.
func FuzzUntypedMaps(f *testing.F) {
	f.Add(javaTypedMaps)
	f.Add([]byte("\x7b\x4d\x01T\x5a\x71\x01T\x91\x71\x90\x92"))
	f.Add(append(append(typeDefs(60, 'M'), typeDefs(1, 'L')...), 0x71, 0xc8, 60, 0x91))
	f.Fuzz(func(t *testing.T, body []byte) {
		out := untypedMaps(body)
		if bytes.Equal(out, body) {
			return
		}
		if again := untypedMaps(out); !bytes.Equal(again, out) {
			t.Fatalf("untyped twice: %q, then %q", out, again)
		}
		s := &skimmer{b: out}
		for s.pos < len(s.b) {
			if err := s.value(); err != nil {
				t.Fatalf("%q untyped to %q, which does not skim: %v", body, out, err)
			}
		}
		d := hessian.NewDecoder(out)
		for i := 0; i < 4; i++ {
			if _, err := (&bodyReader{body: out, d: d}).next(); err != nil {
				break
			}
		}
	})
}
