package kie

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseKeyFilter(t *testing.T) {
	cases := []struct {
		in   string
		want KeyFilter
		bad  bool
	}{
		{"", KeyFilter{}, false},
		{"app.timeout", KeyFilter{KeyExact, "app.timeout"}, false},
		{"beginWith(app.)", KeyFilter{KeyBeginWith, "app."}, false},
		{"wildcard(a*b)", KeyFilter{KeyWildcard, "a*b"}, false},
		{"wildcard(*)", KeyFilter{KeyWildcard, "*"}, false},
		{"beginWith()", KeyFilter{}, true},
		{"beginWith(a", KeyFilter{}, true},
		{"beginWith(a*)", KeyFilter{}, true},
		{"wildcard(a/b)", KeyFilter{}, true},
		{"a b", KeyFilter{}, true},
		{"prefix(a)", KeyFilter{}, true},
	}
	for _, c := range cases {
		got, err := ParseKeyFilter(c.in)
		if (err != nil) != c.bad || (!c.bad && got != c.want) {
			t.Errorf("%q: %+v %v", c.in, got, err)
		}
	}
}

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		p, s string
		want bool
	}{
		{"a*b", "ab", true}, {"a*b", "axxb", true}, {"a*b", "axxbc", false}, {"*", "", true},
		{"*.t*t", "app.timeout", true}, {"a*a*a*b", strings.Repeat("a", 50), false}, {"abc", "abc", true},
		{"a**c", "abbc", true}, {"", "", true}, {"", "a", false},
	}
	for _, c := range cases {
		if got := wildcardMatch(c.p, c.s); got != c.want {
			t.Errorf("%q ~ %q = %v", c.p, c.s, got)
		}
	}
}

func TestParseLabelQuery(t *testing.T) {
	got, err := ParseLabelQuery([]string{"app:shop", "env:", "v:1.0.0"})
	if err != nil || len(got) != 3 || got["env"] != "" || got["v"] != "1.0.0" {
		t.Fatalf("%v %v", got, err)
	}
	for _, bad := range [][]string{
		{"app"}, {":x"}, {"a b:c"}, {"a:b/c"}, {"a:1", "a:2"},
		{"a:1", "b:1", "c:1", "d:1", "e:1", "f:1", "g:1"},
	} {
		if _, err := ParseLabelQuery(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzParseLabelQuery: the parser never panics, and what it accepts is a
// valid label set whose every pair came from the input.
func FuzzParseLabelQuery(f *testing.F) {
	for _, s := range []string{"app:shop", "env:", ":", "a:b:c", "a.b-c_d:1.0", "", "\x00:\xff"} {
		f.Add(s, "x:y")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		got, err := ParseLabelQuery([]string{a, b})
		if err != nil {
			return
		}
		if ValidateLabels(got) != nil {
			t.Fatalf("accepted invalid labels %q from %q %q", got, a, b)
		}
		for k, v := range got {
			if a != k+":"+v && b != k+":"+v {
				t.Fatalf("%s:%s is not from %q %q", k, v, a, b)
			}
		}
	})
}

// FuzzParseKeyFilter: the parser never panics; an accepted filter matches
// like the regular expression it stands for.
func FuzzParseKeyFilter(f *testing.F) {
	for _, s := range []string{"k", "beginWith(a.)", "wildcard(a*b)", "wildcard(*)", "beginWith(", "wildcard(**)", "a[0]"} {
		f.Add(s, "a.b")
	}
	f.Fuzz(func(t *testing.T, filter, key string) {
		kf, err := ParseKeyFilter(filter)
		if err != nil {
			return
		}
		var re string
		switch kf.Kind {
		case KeyAny:
			re = ".*"
		case KeyExact:
			re = regexp.QuoteMeta(kf.Pattern)
		case KeyBeginWith:
			re = regexp.QuoteMeta(kf.Pattern) + ".*"
		case KeyWildcard:
			parts := strings.Split(kf.Pattern, "*")
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			re = strings.Join(parts, ".*")
		}
		want := regexp.MustCompile(`(?s)\A(?:` + re + `)\z`).MatchString(key)
		if got := kf.Matches(key); got != want {
			t.Fatalf("%q (%+v) on %q: %v, regexp says %v", filter, kf, key, got, want)
		}
	})
}
