package servicecomb

import (
	"reflect"
	"testing"
)

func TestVersionRules(t *testing.T) {
	versions := []string{"1.0.0", "1.2", "2.0.0", "2.0.0.1", "bad", ""}
	cases := []struct {
		rule string
		want []bool
	}{
		{"", []bool{true, true, true, true, true, true}},
		{"latest", []bool{false, false, false, true, false, false}},
		{"1.2+", []bool{false, true, true, true, false, false}},
		{"1.0.0-2.0.0", []bool{true, true, false, false, false, false}},
		{"1.0.0-2.0.0.1", []bool{true, true, true, false, false, false}},
		{"2.0.0", []bool{false, false, true, false, false, false}},
		{"2", []bool{false, false, true, false, false, false}},
	}
	for _, c := range cases {
		r, err := ParseVersionRule(c.rule)
		if err != nil {
			t.Fatalf("%q: %v", c.rule, err)
		}
		if got := r.selects(versions); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q selects %v, want %v", c.rule, got, c.want)
		}
	}
}

func TestBadVersionRules(t *testing.T) {
	for _, s := range []string{"a", "1..0", "1.0.0.0.0", "1-", "-1", "+", "99999", "1.0-x", "1.0.0++", "1 .0", "latest+"} {
		if _, err := ParseVersionRule(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

func TestLatestOfNothing(t *testing.T) {
	r, _ := ParseVersionRule("latest")
	if got := r.selects([]string{"x", ""}); got[0] || got[1] {
		t.Fatalf("latest of unparsable versions kept %v", got)
	}
}

// FuzzParseVersionRule: any rule parses or is refused without a panic, and
// a parsed rule's canonical form parses to the same rule.
func FuzzParseVersionRule(f *testing.F) {
	for _, s := range []string{"", "latest", "1.0.0+", "1.0.0-2.0.0", "1.2.3.4", "1-2-3", "01.0", "32767.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseVersionRule(s)
		if err != nil {
			return
		}
		again, err := ParseVersionRule(r.String())
		if err != nil || again != r {
			t.Fatalf("%q → %q → %+v %v", s, r.String(), again, err)
		}
		_ = r.selects([]string{s, "1.0.0"})
	})
}
