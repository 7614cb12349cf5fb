package dubbo

// Strings and binaries are written in chunks of at most 65535 units, a
// string's counted in UTF-16 units (the decoder reads a surrogate pair,
// two 3-byte sequences, as two), so skimming one walks its characters.

import "fmt"

func (s *skimmer) string() error {
	t, err := s.byte()
	if err != nil {
		return err
	}
	if !isStringTag(t) {
		return fmt.Errorf("tag 0x%02x where a string belongs", t)
	}
	return s.stringFrom(t)
}

// stringFrom skims a string's chunks; a chunk's length counts UTF-16
// units, walked as the decoder walks them.
func (s *skimmer) stringFrom(t byte) error {
	for {
		n, err := s.chunkLen(t, 0x00, 0x1f, 0x30, 'S', 'R')
		if err != nil {
			return err
		}
		if err := s.chars(n); err != nil {
			return err
		}
		if t != 'R' {
			return nil
		}
		if t, err = s.byte(); err != nil {
			return err
		}
		if !isStringTag(t) {
			return fmt.Errorf("tag 0x%02x where a string chunk belongs", t)
		}
	}
}

// chars skims n characters: one to three bytes each, and a surrogate
// pair (two 3-byte sequences) as two.
func (s *skimmer) chars(n int) error {
	for got := 0; got < n; {
		c, err := s.byte()
		if err != nil {
			return err
		}
		switch {
		case c < 0x80:
			got++
		case c&0xe0 == 0xc0:
			got++
			err = s.skip(1)
		case c&0xf0 == 0xe0:
			if err = s.skip(2); err == nil && c == 0xed && s.b[s.pos-2]&0x3f >= 0x20 && s.b[s.pos-2]&0x3f <= 0x2f {
				got++ // a high surrogate: its low half follows
				err = s.skip(3)
			}
			got++
		default:
			return fmt.Errorf("bad UTF-8 byte 0x%02x", c)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *skimmer) binaryFrom(t byte) error {
	for {
		n, err := s.chunkLen(t, 0x20, 0x2f, 0x34, 'B', 'A')
		if err != nil {
			return err
		}
		if err := s.skip(n); err != nil {
			return err
		}
		if t != 'A' {
			return nil
		}
		if t, err = s.byte(); err != nil {
			return err
		}
		if !isBinaryTag(t) {
			return fmt.Errorf("tag 0x%02x where a binary chunk belongs", t)
		}
	}
}

// chunkLen reads the length of a string or binary chunk: the tags from
// direct to last carry it, the four from short one more byte, final and
// more two.
func (s *skimmer) chunkLen(t, direct, last, short, final, more byte) (int, error) {
	switch {
	case t >= direct && t <= last:
		return int(t - direct), nil
	case t >= short && t <= short+3:
		b, err := s.byte()
		return int(t-short)<<8 + int(b), err
	case t == final || t == more:
		if err := s.skip(2); err != nil {
			return 0, err
		}
		return int(s.b[s.pos-2])<<8 + int(s.b[s.pos-1]), nil
	}
	return 0, fmt.Errorf("tag 0x%02x where a chunk belongs", t)
}
