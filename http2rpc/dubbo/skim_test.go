package dubbo

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	hessian "github.com/apache/dubbo-go-hessian2"
	"github.com/apache/dubbo-go-hessian2/java_exception"
	big "github.com/dubbogo/gost/math/big"
)

// TestSkimAcceptsWhatTheEncoderWrites: the skimmer refuses nothing
// well-formed, over every kind of value and every length form.
func TestSkimAcceptsWhatTheEncoderWrites(t *testing.T) {
	shared := map[string]any{"k": "v"}
	dec, _ := big.NewDecFromString("-12345.6789")
	values := []any{
		nil, true, false,
		int32(0), int32(-16), int32(47), int32(-2048), int32(2047), int32(-262144), int32(262143), int32(math.MinInt32),
		int64(0), int64(-8), int64(15), int64(-2048), int64(-262144), int64(262143), int64(math.MaxInt32), int64(math.MaxInt64),
		0.0, 1.0, 127.0, -128.0, 32767.0, 1.5, 0.001, math.Pi, math.Inf(-1),
		"", "short", strings.Repeat("x", 31), strings.Repeat("y", 32), strings.Repeat("z", 1024),
		strings.Repeat("é€", 40000), "emoji 😀 and more 𝄞", strings.Repeat("😀", 33000),
		[]byte{}, []byte("0123456789abcdef"), make([]byte, 1000), make([]byte, 70000),
		time.UnixMilli(1700000000123), time.Unix(60*1000, 0),
		[]any{}, []any{int32(1), "two", nil}, make([]any, 300), []string{"a", "b"}, []int32{1, 2, 3}, []int64{1}, []float64{1.5},
		map[string]any{"a": int32(1), "nested": map[any]any{"b": []any{shared, shared}}},
		dec, java_exception.NewIllegalArgumentException("bad"),
		[]any{java_exception.NewIllegalStateException("one"), java_exception.NewIllegalStateException("two")},
	}
	for i, v := range values {
		e := hessian.NewEncoder()
		if err := e.Encode(v); err != nil {
			t.Fatalf("value %d: encode: %v", i, err)
		}
		if _, err := skimValues(e.Buffer(), 1); err != nil {
			t.Errorf("value %d (%T): %v", i, v, err)
		}
		if _, err := hessian.NewDecoder(e.Buffer()).Decode(); err != nil {
			t.Errorf("value %d (%T): the library cannot read it back: %v", i, v, err)
		}
	}
	e := hessian.NewEncoder() // class definitions and references across values
	for _, v := range values {
		_ = e.Encode(v)
	}
	if _, err := skimValues(e.Buffer(), len(values)); err != nil {
		t.Errorf("all values in one body: %v", err)
	}
}

func TestSkimRefuses(t *testing.T) {
	cases := map[string][]byte{
		"empty":                  {},
		"end tag as a value":     {'Z'},
		"unknown tag":            {0x40},
		"list longer than body":  {0x58, 0x94, 'N'},
		"negative list length":   {'V', 0x00, 0x8f},
		"typed list bad type":    {0x71, 'T', 'N'},
		"map without end":        {'H', 0x01, 'a', 'N'},
		"class with 2^20 fields": {'C', 0x01, 'a', 'I', 0x00, 0x10, 0x00, 0x00},
		"object before its def":  {'O', 0x90},
		"string bad UTF-8":       {0x02, 0xff, 0xff},
		"chunk not continued":    {'R', 0x00, 0x01, 'a', 0x91},
		"binary chunk broken":    {'A', 0x00, 0x01, 'a', 0x01, 'b'},
		"ref without index":      {'Q'},
		"too deep":               []byte(strings.Repeat("\x79", MaxDepth+1) + "N"),
	}
	for name, b := range cases {
		if _, err := skimValues(b, 1); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	if _, err := skimValues([]byte(strings.Repeat("\x79", MaxDepth)+"N"), 1); err != nil {
		t.Errorf("nesting of exactly MaxDepth: %v", err)
	}
}

func TestSkimNamesTopLevelClasses(t *testing.T) {
	e := hessian.NewEncoder()
	_ = e.Encode(int32(1))
	_ = e.Encode(java_exception.NewIllegalArgumentException("x"))
	_ = e.Encode([]any{java_exception.NewIllegalStateException("nested")})
	classes, err := skimValues(e.Buffer(), 3)
	if err != nil || classes[0] != "" || classes[1] != "java.lang.IllegalArgumentException" || classes[2] != "" {
		t.Fatalf("classes %q, %v", classes, err)
	}
}
