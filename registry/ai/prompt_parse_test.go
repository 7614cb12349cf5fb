package ai

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/causeway-dev/causeway/registry"
)

func TestParseBizTags(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		bad  bool
	}{
		{"", []string{}, false},
		{"tag1,tag2", []string{"tag1", "tag2"}, false},
		{" a , ,b,a ", []string{"a", "b"}, false},
		{`["ai","ops"]`, []string{"ai", "ops"}, false},
		{`[]`, []string{}, false},
		{`["a,b"]`, nil, true},
		{`["ai",1]`, nil, true},
		{`[`, nil, true},
		{`{"a":1}`, nil, true},
		{"a\x01", nil, true},
		{strings.Repeat("x", 65), nil, true},
		{manyTags(33), nil, true},
		{manyTags(32), nil, false},
	}
	for _, tc := range cases {
		got, err := ParseBizTags("bizTags", tc.in)
		if tc.bad != (err != nil) || (!tc.bad && tc.want != nil && !slices.Equal(got, tc.want)) {
			t.Errorf("ParseBizTags(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("ParseBizTags(%q): kind %v", tc.in, registry.KindOf(err))
		}
	}
}

func manyTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "t%d,", i)
	}
	return b.String()
}

func TestParseLabels(t *testing.T) {
	good := map[string]map[string]string{
		`{"latest":"1.0.1"}`:            {"latest": "1.0.1"},
		`{}`:                            {},
		`{"latest":"1","stable":"0.9"}`: {"latest": "1", "stable": "0.9"},
	}
	for in, want := range good {
		got, err := ParseLabels(in)
		if err != nil || len(got) != len(want) {
			t.Errorf("ParseLabels(%s) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{``, `null`, `[]`, `{"a":1}`, `{"a b":"1"}`, `{"a":"../x"}`, `{"a":"1"} x`, `{"":"1"}`} {
		if _, err := ParseLabels(in); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("ParseLabels(%q): %v, want invalid", in, err)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	ordered := []string{"0.9", "1.0.0-alpha", "1.0.0-draft", "1.0", "1.0.0", "1.0.1", "1.2", "1.10", "2", "2.x"}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := CompareVersions(ordered[i], ordered[j]); got != want {
				t.Errorf("CompareVersions(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
	for in, want := range map[string]string{"": "1.0.0", "1.0.0": "1.0.1", "1.0.1-draft": "1.0.2", "v": "v.1", "2": "3"} {
		if got := NextVersion(in); got != want {
			t.Errorf("NextVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseBizTags: any input is refused or answers valid, unique,
// trimmed tags that validateBizTags accepts and that survive JSON.
func FuzzParseBizTags(f *testing.F) {
	for _, s := range []string{"", "a,b", `["ai","ops"]`, `[`, " , ,", `["\u0000"]`, "\xff", `["a","a"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tags, err := ParseBizTags("bizTags", s)
		if err != nil {
			if registry.KindOf(err) != registry.KindInvalid {
				t.Fatalf("kind %v: %v", registry.KindOf(err), err)
			}
			return
		}
		if err := ValidateBizTags("bizTags", tags); err != nil {
			t.Fatalf("parsed %q but refuse it: %v", tags, err)
		}
		b, _ := json.Marshal(tags)
		var back []string
		if json.Unmarshal(b, &back) != nil || !slices.Equal(back, tags) {
			t.Fatalf("tags %q do not survive JSON", tags)
		}
	})
}

// FuzzParseLabels: accepted labels are valid names of valid versions,
// safe as they are stored and shown.
func FuzzParseLabels(f *testing.F) {
	for _, s := range []string{`{"latest":"1.0.1"}`, `{}`, `null`, `{"a":"/"}`, `{"a":"1","a":"2"}`, "{\"\xff\":\"1\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseLabels(s)
		if err != nil {
			if registry.KindOf(err) != registry.KindInvalid {
				t.Fatalf("kind %v: %v", registry.KindOf(err), err)
			}
			return
		}
		if len(m) > MaxLabels {
			t.Fatalf("%d labels", len(m))
		}
		for l, v := range m {
			if ValidateLabel(l) != nil || ValidateVersion("v", v) != nil || strings.Contains(v, "/") {
				t.Fatalf("accepted %q → %q", l, v)
			}
		}
	})
}

// FuzzVariablesAndVersions: accepted variables are JSON objects or
// arrays; an accepted version is a safe key segment and orders
// consistently (antisymmetric, reflexive only on itself).
func FuzzVariablesAndVersions(f *testing.F) {
	f.Add(`{"name":"string"}`, "1.0.0", "1.0.0-draft")
	f.Add(`[`, "1..0", "v")
	f.Fuzz(func(t *testing.T, vars, a, b string) {
		if ValidateVariables(vars) == nil && strings.TrimSpace(vars) != "" {
			v := strings.TrimSpace(vars)
			if !json.Valid([]byte(v)) || (v[0] != '{' && v[0] != '[') {
				t.Fatalf("accepted variables %q", vars)
			}
		}
		if ValidateVersion("v", a) == nil && (strings.ContainsAny(a, "/ \x00") || !utf8.ValidString(a)) {
			t.Fatalf("accepted version %q", a)
		}
		if ab, ba := CompareVersions(a, b), CompareVersions(b, a); ab != -ba || (ab == 0) != (a == b) {
			t.Fatalf("CompareVersions(%q, %q) = %d, reverse %d", a, b, ab, ba)
		}
	})
}
