package ai

import (
	"slices"
	"strings"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

// Every kind reads its namespace with the rule of the other dialects.
func TestNamespace(t *testing.T) {
	cases := []struct {
		in, want string
		kind     registry.Kind
	}{
		{"", DefaultNamespace, 0},
		{"  ", DefaultNamespace, 0},
		{"dev", "dev", 0},
		{"a-b_c", "a-b_c", 0},
		{"a/b", "", registry.KindNamespace},
		{"a.b", "", registry.KindNamespace},
		{" dev", "", registry.KindNamespace},
		{strings.Repeat("n", 129), "", registry.KindNamespace},
	}
	for _, tc := range cases {
		got, err := Namespace(tc.in)
		if got != tc.want || registry.KindOf(err) != tc.kind || (tc.kind != 0) != (err != nil) {
			t.Errorf("Namespace(%q) = %q, %v; want %q, kind %v", tc.in, got, err, tc.want, tc.kind)
		}
	}
}

func TestPaginate(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	cases := []struct {
		no, size, pages int
		items           []int
	}{
		{1, 2, 3, []int{1, 2}},
		{3, 2, 3, []int{5}},
		{4, 2, 3, []int{}},
		{1 << 40, MaxPageSize, 1, []int{}},
		{1, 10, 1, all},
	}
	for _, tc := range cases {
		p := Paginate(all, tc.no, tc.size)
		if p.TotalCount != 5 || p.PageNumber != tc.no || p.PagesAvailable != tc.pages || !slices.Equal(p.PageItems, tc.items) {
			t.Errorf("Paginate(%d, %d) = %+v", tc.no, tc.size, p)
		}
	}
	for _, bad := range [][2]int{{0, 1}, {1, 0}, {1, MaxPageSize + 1}, {-1, -1}} {
		if err := ValidatePage(bad[0], bad[1]); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("ValidatePage(%d, %d) = %v", bad[0], bad[1], err)
		}
	}
	if err := ValidatePage(1, MaxPageSize); err != nil {
		t.Error(err)
	}
	m := MapPage(Paginate(all, 2, 2), func(i int) string { return strings.Repeat("x", i) })
	if m.PagesAvailable != 3 || !slices.Equal(m.PageItems, []string{"xxx", "xxxx"}) {
		t.Errorf("MapPage = %+v", m)
	}
}

// The next version follows the newest one, whatever order they come in.
func TestNextOfNewest(t *testing.T) {
	cases := []struct {
		have []string
		want string
	}{
		{nil, "1.0.0"},
		{[]string{"1.0.0"}, "1.0.1"},
		{[]string{"1.10.0", "1.9.0"}, "1.10.1"},
		{[]string{"2"}, "3"},
		{[]string{"1.0.0", "1.0.0-rc1"}, "1.0.1"},
		{[]string{"1.0.0-rc1"}, "1.0.1"},
		{[]string{"1.0.x"}, "1.0.x.1"},
	}
	for _, tc := range cases {
		if got := NextVersion(Newest(tc.have)); got != tc.want {
			t.Errorf("%v: next %q, want %q", tc.have, got, tc.want)
		}
	}
	for _, v := range []string{"1.0.0+build", "1_0", "v2"} {
		if err := ValidateVersion("version", v); err != nil {
			t.Errorf("%q: %v", v, err)
		}
	}
	for _, v := range []string{"", "-1", "1 0", "../x", strings.Repeat("1", 65)} {
		if err := ValidateVersion("version", v); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%q: %v", v, err)
		}
	}
}

func TestValidateLabels(t *testing.T) {
	many := map[string]string{}
	for i := range MaxLabels + 1 {
		many[strings.Repeat("l", i+1)] = "1.0.0"
	}
	for _, bad := range []map[string]string{many, {"": "1.0.0"}, {"a/b": "1.0.0"}, {"latest": "../x"}} {
		if err := ValidateLabels(bad); registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if err := ValidateLabels(map[string]string{LatestLabel: "1.0.0", "stable": "0.9"}); err != nil {
		t.Error(err)
	}
}

// Every list reads its search mode and matches names alike; only the
// default differs by kind.
func TestSearch(t *testing.T) {
	cases := []struct {
		in   string
		def  Search
		want Search
		bad  bool
	}{
		{"", SearchAccurate, SearchAccurate, false},
		{"", SearchBlur, SearchBlur, false},
		{"BLUR", SearchAccurate, SearchBlur, false},
		{" accurate ", SearchBlur, SearchAccurate, false},
		{"fuzzy", SearchBlur, 0, true},
	}
	for _, tc := range cases {
		got, err := ParseSearch(tc.in, tc.def)
		if got != tc.want || (err != nil) != tc.bad || (tc.bad && registry.KindOf(err) != registry.KindInvalid) {
			t.Errorf("ParseSearch(%q, %v) = %v, %v", tc.in, tc.def, got, err)
		}
	}
	names := []string{"alpha", "alphabet", "beta"}
	for _, tc := range []struct {
		search  Search
		pattern string
		want    []string
	}{
		{SearchAccurate, "", names},
		{SearchAccurate, "alpha", []string{"alpha"}},
		{SearchBlur, "alpha", []string{"alpha", "alphabet"}},
		{SearchBlur, "*lph*", []string{"alpha", "alphabet"}},
		{SearchAccurate, "*lph*", nil},
	} {
		var got []string
		m := Matcher(tc.search, tc.pattern)
		for _, n := range names {
			if m(n) {
				got = append(got, n)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Matcher(%v, %q) kept %v, want %v", tc.search, tc.pattern, got, tc.want)
		}
	}
}
