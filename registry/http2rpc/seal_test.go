package http2rpc

import (
	"testing"
	"time"
)

func TestSeal(t *testing.T) {
	s, other := Seal("0123456789abcdef0123456789abcdef"), Seal("fedcba9876543210fedcba9876543210")
	target := "default/gw1/m1/0"
	good := s.Sign(target, 3*time.Second)
	cases := []struct {
		name, target, value string
		seal                Seal
		ok                  bool
		timeout             time.Duration
	}{
		{"signed", target, good, s, true, 3 * time.Second},
		{"no timeout", target, s.Sign(target, 0), s, true, 0},
		{"other target", "default/gw1/m1/1", good, s, false, 0},
		{"other key", target, good, other, false, 0},
		{"timeout raised", target, "60000" + good[len("3000"):], s, false, 0},
		{"empty", target, "", s, false, 0},
		{"no signature", target, "3000", s, false, 0},
		{"negative", target, "-1." + s.mac(target, "-1"), s, false, 0},
		{"no key", target, good, "", false, 0},
	}
	for _, c := range cases {
		d, ok := c.seal.Check(c.target, c.value)
		if ok != c.ok || d != c.timeout {
			t.Errorf("%s: %v %v, want %v %v", c.name, d, ok, c.timeout, c.ok)
		}
	}
}
