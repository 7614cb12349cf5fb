package nacoswire

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Nacos's Jackson writes a Java double or float with Double.toString and
// Float.toString: always a fraction or an exponent (1.0, 0.5, 1.0E-4,
// 1.0E7), never the bare integer Go writes for a whole float. Clients in
// typed languages read either, but scripts and tests that compare bodies
// with Nacos's see the difference, so the naming answers write weights and
// protect thresholds as Java does.

// Double is a Java double (an instance's weight).
type Double float64

// MarshalJSON writes d as Double.toString does.
func (d Double) MarshalJSON() ([]byte, error) { return appendJava(nil, float64(d), 64) }

// Float is a Java float (a service's protect threshold).
type Float float32

// MarshalJSON writes f as Float.toString does.
func (f Float) MarshalJSON() ([]byte, error) { return appendJava(nil, float64(f), 32) }

var errNotFinite = errors.New("nacoswire: NaN or infinite number")

// appendJava appends f as Java's toString of a double (bits 64) or float
// (bits 32): plain decimals for 10^-3 <= |f| < 10^7, else d.dddE±n, with at
// least one digit after the point either way. Digits are the shortest that
// read back to the same value, as Java's are.
func appendJava(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errNotFinite // validation keeps these out; JSON has no spelling for them
	}
	abs := math.Abs(f)
	if abs == 0 || (abs >= 1e-3 && abs < 1e7) {
		start := len(b)
		b = strconv.AppendFloat(b, f, 'f', -1, bits)
		if !strings.ContainsRune(string(b[start:]), '.') {
			b = append(b, '.', '0')
		}
		return b, nil
	}
	s := strconv.FormatFloat(f, 'e', -1, bits) // e.g. 1e-04, 1.25e+07
	mant, exp, _ := strings.Cut(s, "e")
	b = append(b, mant...)
	if !strings.ContainsRune(mant, '.') {
		b = append(b, '.', '0')
	}
	n, err := strconv.Atoi(exp)
	if err != nil {
		return nil, err
	}
	b = append(b, 'E')
	return strconv.AppendInt(b, int64(n), 10), nil
}
