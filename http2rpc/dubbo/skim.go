package dubbo

// The hessian2 library trusts the lengths it reads: a list that claims
// two billion elements is allocated before the first one is read, and
// nesting is followed by recursion without bound. Either kills the whole
// process (out of memory, stack overflow), which no recover() catches.
// So a body is skimmed first: its structure is walked without building
// anything, every count is checked against the bytes left (each element
// takes at least one), and nesting is bounded. Only a body that passes
// is handed to the library's decoder.

import (
	"errors"
	"fmt"
)

// MaxDepth bounds the nesting of lists, maps and objects in a body.
const MaxDepth = 100

// ErrMalformed is a body that is not well-formed hessian2 (or nests
// deeper than MaxDepth).
var ErrMalformed = errors.New("dubbo: malformed hessian2")

type skimmer struct {
	b      []byte
	pos    int
	depth  int
	fields []int    // field counts of the class definitions seen, by index
	names  []string // their class names
	class  string   // the class of the top-level value, when an object
	// types, when set, collects the edits that untype typed maps (see
	// untypedMaps); nil when only checking.
	types *typeTable
}

// skimValues checks that b starts with n well-formed values, and answers
// the class name of each that is an object ("" for the others): the
// decoder forgets it for exceptions of classes it does not know.
func skimValues(b []byte, n int) ([]string, error) {
	s := &skimmer{b: b}
	classes := make([]string, n)
	for i := 0; i < n; i++ {
		s.class = ""
		if err := s.value(); err != nil {
			return nil, fmt.Errorf("%w: value %d: %w", ErrMalformed, i, err)
		}
		classes[i] = s.class
	}
	return classes, nil
}

var errShort = errors.New("truncated")

func (s *skimmer) byte() (byte, error) {
	if s.pos >= len(s.b) {
		return 0, errShort
	}
	s.pos++
	return s.b[s.pos-1], nil
}

func (s *skimmer) skip(n int) error {
	if n < 0 || n > len(s.b)-s.pos {
		return errShort
	}
	s.pos += n
	return nil
}

// count checks a claimed number of elements against the bytes left.
func (s *skimmer) count(n int) error {
	if n < 0 || n > len(s.b)-s.pos {
		return fmt.Errorf("count %d with %d bytes left", n, len(s.b)-s.pos)
	}
	return nil
}

// fixed is how many bytes follow a tag of a fixed-size scalar; -1 when
// the tag is not one.
func fixed(t byte) int {
	switch {
	case t == 'N' || t == 'T' || t == 'F' || t == 0x5b || t == 0x5c: // null, true, false, 0.0, 1.0
		return 0
	case t >= 0x80 && t <= 0xbf, t >= 0xd8 && t <= 0xef: // int, long in one byte
		return 0
	case t >= 0xc0 && t <= 0xcf, t >= 0xf0, t == 0x5d: // int, long in two; double as byte
		return 1
	case t >= 0xd0 && t <= 0xd7, t >= 0x38 && t <= 0x3f, t == 0x5e: // int, long in three; double as short
		return 2
	case t == 'I' || t == 'Y' || t == 0x4b || t == 0x5f: // int, long as int, date in minutes, double as float
		return 4
	case t == 'L' || t == 0x4a || t == 'D': // long, date, double
		return 8
	}
	return -1
}

func (s *skimmer) value() error {
	t, err := s.byte()
	if err != nil {
		return err
	}
	if n := fixed(t); n >= 0 {
		return s.skip(n)
	}
	switch {
	case t <= 0x1f || (t >= 0x30 && t <= 0x33) || t == 'S' || t == 'R':
		return s.stringFrom(t)
	case isBinaryTag(t):
		return s.binaryFrom(t)
	case t == 'Q': // reference to an earlier list, map or object
		_, err := s.int()
		return err
	case t == 'C':
		return s.classDef()
	}
	return s.nested(t)
}

// nested skims a list, map or object, one level deeper.
func (s *skimmer) nested(t byte) error {
	if s.depth++; s.depth > MaxDepth {
		return fmt.Errorf("nested deeper than %d", MaxDepth)
	}
	defer func() { s.depth-- }()
	switch {
	case t >= 0x70 && t <= 0x77: // typed list of tag-0x70 elements
		return s.typedList(int(t - 0x70))
	case t == 'V':
		return s.typedList(-1)
	case t == 0x55: // typed variable-length list
		if err := s.typeName(-1); err != nil {
			return err
		}
		return s.untilEnd(false)
	case t == 'M': // typed map
		if err := s.typeName(s.pos - 1); err != nil {
			return err
		}
		return s.untilEnd(true)
	case t == 0x57 || t == 'H': // untyped variable-length list, untyped map
		return s.untilEnd(t == 'H')
	case t >= 0x78 && t <= 0x7f:
		return s.values(int(t - 0x78))
	case t == 0x58:
		n, err := s.int()
		if err != nil {
			return err
		}
		return s.values(n)
	case t == 'O' || (t >= 0x60 && t <= 0x6f):
		return s.object(t)
	}
	return fmt.Errorf("unknown tag 0x%02x at %d", t, s.pos-1)
}

func (s *skimmer) typedList(n int) error {
	if err := s.typeName(-1); err != nil {
		return err
	}
	if n < 0 {
		var err error
		if n, err = s.int(); err != nil {
			return err
		}
	}
	return s.values(n)
}

func (s *skimmer) values(n int) error {
	if err := s.count(n); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := s.value(); err != nil {
			return err
		}
	}
	return nil
}

// untilEnd skims values (key-value pairs when pairs) up to a 'Z'.
func (s *skimmer) untilEnd(pairs bool) error {
	for {
		if s.pos < len(s.b) && s.b[s.pos] == 'Z' {
			s.pos++
			return nil
		}
		if err := s.value(); err != nil {
			return err
		}
		if !pairs {
			continue
		}
		if err := s.value(); err != nil {
			return err
		}
	}
}

func (s *skimmer) object(t byte) error {
	idx := int(t) - 0x60
	if t == 'O' {
		var err error
		if idx, err = s.int(); err != nil {
			return err
		}
	}
	if idx < 0 || idx >= len(s.fields) {
		return fmt.Errorf("object of undefined class %d", idx)
	}
	if s.depth == 1 {
		s.class = s.names[idx]
	}
	return s.values(s.fields[idx])
}

// classDef skims a class definition and the value that follows it (the
// decoder reads them as one).
func (s *skimmer) classDef() error {
	start := s.pos
	if err := s.string(); err != nil {
		return err
	}
	name := ""
	if t := s.b[start]; t <= 0x1f { // a short name, as class names are
		name = string(s.b[start+1 : s.pos])
	} else if t >= 0x30 && t <= 0x33 {
		name = string(s.b[start+2 : s.pos])
	}
	n, err := s.int()
	if err != nil {
		return err
	}
	if err := s.count(n); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := s.string(); err != nil {
			return err
		}
	}
	s.fields, s.names = append(s.fields, n), append(s.names, name)
	return s.value()
}

// typeName skims the type of a typed list or map: a string or a
// reference to an earlier type. mapAt is the position of a typed map's
// tag, -1 for a list.
func (s *skimmer) typeName(mapAt int) error {
	start := s.pos
	if s.pos < len(s.b) && isStringTag(s.b[s.pos]) {
		if err := s.string(); err != nil {
			return err
		}
		if s.types != nil {
			s.types.define(string(s.b[start:s.pos]), mapAt >= 0)
		}
	} else {
		ref, err := s.int()
		if err != nil {
			return err
		}
		if s.types != nil {
			if err := s.types.refer(ref, mapAt >= 0, start, s.pos); err != nil {
				return err
			}
		}
	}
	if s.types != nil && mapAt >= 0 {
		s.types.untype(mapAt, s.pos)
	}
	return nil
}

func isBinaryTag(t byte) bool {
	return (t >= 0x20 && t <= 0x2f) || (t >= 0x34 && t <= 0x37) || t == 'B' || t == 'A'
}

func isStringTag(t byte) bool {
	return t <= 0x1f || (t >= 0x30 && t <= 0x33) || t == 'S' || t == 'R'
}

// int reads an int as the decoder's decInt32 does (null is 0).
func (s *skimmer) int() (int, error) {
	t, err := s.byte()
	if err != nil {
		return 0, err
	}
	switch {
	case t == 'N':
		return 0, nil
	case t >= 0x80 && t <= 0xbf:
		return int(t) - 0x90, nil
	case t >= 0xc0 && t <= 0xcf:
		b, err := s.byte()
		return (int(t)-0xc8)<<8 + int(b), err
	case t >= 0xd0 && t <= 0xd7:
		if err := s.skip(2); err != nil {
			return 0, err
		}
		return (int(t)-0xd4)<<16 + int(s.b[s.pos-2])<<8 + int(s.b[s.pos-1]), nil
	case t == 'I':
		if err := s.skip(4); err != nil {
			return 0, err
		}
		p := s.b[s.pos-4:]
		return int(int32(uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3]))), nil
	}
	return 0, fmt.Errorf("tag 0x%02x where an int belongs", t)
}
