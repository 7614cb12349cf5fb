package governance

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"0": 0, "1500": 1500 * time.Millisecond, "PT1S": time.Second, "1S": time.Second, "pt0.5s": 500 * time.Millisecond,
		"PT0.5S": 500 * time.Millisecond, "1M": time.Minute, "2H30M": 150 * time.Minute, "PT1H2M3.25S": time.Hour + 2*time.Minute + 3250*time.Millisecond,
		"PT24H": 24 * time.Hour, "86400000": 24 * time.Hour,
	}
	for s, want := range good {
		if got, err := ParseDuration(s); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "PT", "100MS", "-1", "PT-1S", "1.5M", "1S2M", "1S1S", "S", "1D", "P1D", "1 S", "1.S", ".5S",
		"PT25H", "86400001", "99999999999999999999", "1e3", "0x10"} {
		if d, err := ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", s, d)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"0", "1500", "PT1S", "1M", "PT0.5S", "2H30M", "100MS", "PT-1S", "1.5.5S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 || d > MaxDuration {
			t.Fatalf("ParseDuration(%q) = %v, outside 0-24h", s, d)
		}
		if isDigits(s) && d%time.Millisecond != 0 {
			t.Fatalf("ParseDuration(%q) = %v: digits are whole milliseconds", s, d)
		}
		if !isDigits(s) && !strings.ContainsAny(strings.ToUpper(s), "HMS") {
			t.Fatalf("ParseDuration(%q) accepted a duration without a unit", s)
		}
	})
}
