package nacoswire

import (
	"encoding/json"
	"math"
	"testing"
)

// TestJavaNumbers pins Double.toString and Float.toString, the texts
// Nacos's Jackson writes.
func TestJavaNumbers(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{Double(1), "1.0"},
		{Double(0), "0.0"},
		{Double(math.Copysign(0, -1)), "-0.0"},
		{Double(2.5), "2.5"},
		{Double(0.9), "0.9"},
		{Double(10000), "10000.0"},
		{Double(0.001), "0.001"},
		{Double(0.0001), "1.0E-4"},
		{Double(0.00012), "1.2E-4"},
		{Double(1e7), "1.0E7"},
		{Double(12345678.9), "1.23456789E7"},
		{Double(9999999), "9999999.0"},
		{Double(-3), "-3.0"},
		{Float(0), "0.0"},
		{Float(0.1), "0.1"}, // float32 digits, not 0.10000000149011612
		{Float(0.75), "0.75"},
		{Float(1), "1.0"},
	} {
		got, err := json.Marshal(c.v)
		if err != nil || string(got) != c.want {
			t.Errorf("%T(%v): %s, %v; want %s", c.v, c.v, got, err, c.want)
		}
	}
	for _, v := range []Double{Double(math.NaN()), Double(math.Inf(1))} {
		if _, err := json.Marshal(v); err == nil {
			t.Errorf("%v marshalled", v)
		}
	}
}
