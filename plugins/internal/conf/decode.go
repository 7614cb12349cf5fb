package conf

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds how deeply arrays and objects nest: a configuration
// needs a handful of levels, and the bound keeps a hostile one from
// growing the stack without end.
const maxDepth = 1000

var errSyntax = errors.New("invalid JSON")

// Parse decodes raw, which must be exactly one JSON value (RFC 8259),
// whitespace around it allowed. Invalid UTF-8 in strings becomes U+FFFD,
// as encoding/json makes it.
func Parse(raw []byte) (Value, error) {
	d := decoder{in: raw}
	v, err := d.value(0)
	if err != nil {
		return Value{}, err
	}
	d.space()
	if d.pos != len(d.in) {
		return Value{}, d.fail("data after the value")
	}
	return v, nil
}

type decoder struct {
	in  []byte
	pos int
}

func (d *decoder) fail(what string) error {
	return errors.New(errSyntax.Error() + " at offset " + strconv.Itoa(d.pos) + ": " + what)
}

func (d *decoder) space() {
	for d.pos < len(d.in) {
		switch d.in[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (Value, error) {
	if depth > maxDepth {
		return Value{}, d.fail("nested too deeply")
	}
	d.space()
	if d.pos >= len(d.in) {
		return Value{}, d.fail("unexpected end")
	}
	switch c := d.in[d.pos]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, err := d.string()
		return Value{kind: kindString, text: s}, err
	case c == '-' || ('0' <= c && c <= '9'):
		return d.number()
	case d.literal("true"):
		return Value{kind: kindBool, b: true}, nil
	case d.literal("false"):
		return Value{kind: kindBool}, nil
	case d.literal("null"):
		return Value{kind: kindNull}, nil
	}
	return Value{}, d.fail("unexpected " + strconv.QuoteRune(rune(d.in[d.pos])))
}

func (d *decoder) literal(word string) bool {
	if len(d.in)-d.pos >= len(word) && string(d.in[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return true
	}
	return false
}

func (d *decoder) object(depth int) (Value, error) {
	d.pos++ // {
	o := &Object{fields: map[string]Value{}}
	d.space()
	if d.pos < len(d.in) && d.in[d.pos] == '}' {
		d.pos++
		return Value{kind: kindObject, obj: o}, nil
	}
	for {
		d.space()
		if d.pos >= len(d.in) || d.in[d.pos] != '"' {
			return Value{}, d.fail("want a field name")
		}
		k, err := d.string()
		if err != nil {
			return Value{}, err
		}
		d.space()
		if d.pos >= len(d.in) || d.in[d.pos] != ':' {
			return Value{}, d.fail("want ':'")
		}
		d.pos++
		v, err := d.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		if _, seen := o.fields[k]; !seen {
			o.keys = append(o.keys, k)
		}
		o.fields[k] = v
		d.space()
		if d.pos >= len(d.in) {
			return Value{}, d.fail("unexpected end")
		}
		switch d.in[d.pos] {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return Value{kind: kindObject, obj: o}, nil
		default:
			return Value{}, d.fail("want ',' or '}'")
		}
	}
}

func (d *decoder) array(depth int) (Value, error) {
	d.pos++ // [
	var list []Value
	d.space()
	if d.pos < len(d.in) && d.in[d.pos] == ']' {
		d.pos++
		return Value{kind: kindArray, list: []Value{}}, nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		list = append(list, v)
		d.space()
		if d.pos >= len(d.in) {
			return Value{}, d.fail("unexpected end")
		}
		switch d.in[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return Value{kind: kindArray, list: list}, nil
		default:
			return Value{}, d.fail("want ',' or ']'")
		}
	}
}

// number reads a number's literal, checked against the JSON grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decoder) number() (Value, error) {
	start := d.pos
	if d.in[d.pos] == '-' {
		d.pos++
	}
	switch {
	case d.pos < len(d.in) && d.in[d.pos] == '0':
		d.pos++
	case d.digits() == 0:
		return Value{}, d.fail("bad number")
	}
	if d.pos < len(d.in) && d.in[d.pos] == '.' {
		d.pos++
		if d.digits() == 0 {
			return Value{}, d.fail("bad number")
		}
	}
	if d.pos < len(d.in) && (d.in[d.pos] == 'e' || d.in[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.in) && (d.in[d.pos] == '+' || d.in[d.pos] == '-') {
			d.pos++
		}
		if d.digits() == 0 {
			return Value{}, d.fail("bad number")
		}
	}
	return Value{kind: kindNumber, text: string(d.in[start:d.pos])}, nil
}

func (d *decoder) digits() int {
	n := 0
	for d.pos < len(d.in) && '0' <= d.in[d.pos] && d.in[d.pos] <= '9' {
		d.pos++
		n++
	}
	return n
}

// string reads a string at the opening quote.
func (d *decoder) string() (string, error) {
	d.pos++ // "
	var out []byte
	for {
		if d.pos >= len(d.in) {
			return "", d.fail("unterminated string")
		}
		c := d.in[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(out), nil
		case c < 0x20:
			return "", d.fail("control character in a string")
		case c == '\\':
			r, err := d.escape()
			if err != nil {
				return "", err
			}
			out = utf8.AppendRune(out, r)
		case c < utf8.RuneSelf:
			out = append(out, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.in[d.pos:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, utf8.RuneError)
			} else {
				out = append(out, d.in[d.pos:d.pos+size]...)
			}
			d.pos += size
		}
	}
}

// escape reads one escape at its backslash; a \u surrogate pair is one
// rune, and a lone surrogate is U+FFFD.
func (d *decoder) escape() (rune, error) {
	if d.pos+1 >= len(d.in) {
		return 0, d.fail("unterminated string")
	}
	c := d.in[d.pos+1]
	d.pos += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, ok := d.hex4()
		if !ok {
			return 0, d.fail("bad \\u escape")
		}
		if !utf16.IsSurrogate(r) {
			return r, nil
		}
		if d.pos+1 < len(d.in) && d.in[d.pos] == '\\' && d.in[d.pos+1] == 'u' {
			save := d.pos
			d.pos += 2
			if r2, ok := d.hex4(); ok {
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					return pair, nil
				}
			}
			d.pos = save
		}
		return utf8.RuneError, nil
	}
	return 0, d.fail("bad escape")
}

func (d *decoder) hex4() (rune, bool) {
	if len(d.in)-d.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.in[d.pos : d.pos+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.pos += 4
	return r, true
}
